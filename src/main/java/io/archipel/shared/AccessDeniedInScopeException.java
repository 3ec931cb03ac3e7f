package io.archipel.shared;

import org.springframework.security.access.AccessDeniedException;

/** The object exists in the user's tenant but lies outside their territory or branch scope. */
public class AccessDeniedInScopeException extends AccessDeniedException {

    public AccessDeniedInScopeException(String what) {
        super(what + " is outside your scope");
    }
}
