package io.archipel.identity;

import java.util.UUID;

import io.archipel.identity.internal.PlatformOperator;
import io.archipel.identity.internal.PlatformOperatorRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people who run the platform itself. */
@Service
public class PlatformOperators {

    private final PlatformOperatorRepository operators;
    private final PasswordEncoder passwordEncoder;

    PlatformOperators(PlatformOperatorRepository operators, PasswordEncoder passwordEncoder) {
        this.operators = operators;
        this.passwordEncoder = passwordEncoder;
    }

    /** Creates the operator unless one with this e-mail exists. */
    @Transactional
    public void ensure(String email, String displayName, String password) {
        if (operators.findByEmail(email).isEmpty()) {
            operators.save(new PlatformOperator(UUID.randomUUID(), email, displayName, passwordEncoder.encode(password)));
        }
    }
}
