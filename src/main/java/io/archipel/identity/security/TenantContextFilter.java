package io.archipel.identity.security;

import java.io.IOException;

import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/** Puts the authenticated user's tenant in context for the rest of the request, and always clears it after. */
class TenantContextFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            CurrentUser.find().ifPresent(user -> {
                if (user.tenantId() != null) {
                    TenantContext.set(user.tenantId());
                }
            });
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
        }
    }
}
