package io.archipel.identity.security;

import io.archipel.identity.ApiKeyAuthentication;
import io.archipel.identity.ApiKeyService;
import io.archipel.identity.Role;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.context.NullSecurityContextRepository;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Scripts, styles, fonts and images only from our own origin; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The REST API ({@code /api/**}), before the web chain: stateless (no session, no cookie, hence no CSRF), no
     * CORS, authenticated by API keys only (see {@link ApiKeyAuthenticationFilter}); 401/403 answer JSON problems.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiKeyService apiKeys, ApiRateLimiter limiter,
            JsonMapper json) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, ApiKeyAuthenticationFilter.OPENAPI_PATH).permitAll()
                        .anyRequest().hasAuthority(ApiKeyAuthentication.AUTHORITY))
                .csrf(csrf -> csrf.disable())
                .cors(cors -> cors.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .securityContext(context -> context.securityContextRepository(new NullSecurityContextRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) ->
                                ApiProblems.unauthorized(json, request, response))
                        .accessDeniedHandler((request, response, e) -> ApiProblems.write(json, request, response, 403,
                                "Forbidden", "forbidden", "This API key may not do this.")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, limiter, json), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * What recipients and mail/SMS providers reach without an account: tracking ({@code /t/**}), unsubscribe and
     * preferences ({@code /u/**}, including RFC 8058 one-click POSTs from mail clients, which carry neither cookie nor
     * CSRF token) and webhooks ({@code /hooks/**}). The signed token in the URL or the tenant's webhook secret is the
     * authority; no session is created or read.
     */
    @Bean
    @Order(2)
    SecurityFilterChain recipientSecurityFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/t/**", "/u/**", "/hooks/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .cors(cors -> cors.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.securityContextRepository(new NullSecurityContextRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, LoginAccounts accounts, PasswordEncoder encoder,
            LoginHandlers loginHandlers) throws Exception {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        // Throttling is checked before the password; the account's state only once the password is right, so that
        // a wrong password never tells whether an account is deactivated or its tenant suspended.
        provider.setPreAuthenticationChecks(user -> {
            if (!user.isAccountNonLocked()) {
                throw new LockedException("locked");
            }
        });
        provider.setPostAuthenticationChecks(user -> {
            if (!user.isAccountNonExpired()) {
                throw new AccountExpiredException("tenant suspended");
            }
            if (!user.isEnabled()) {
                throw new DisabledException("deactivated");
            }
        });

        http.authenticationManager(new ProviderManager(provider))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/locale", "/error", "/error/**", "/css/**", "/js/**", "/img/**",
                                "/webjars/**", "/favicon.ico", "/actuator/health/**").permitAll()
                        // images of the asset library: mail clients load them without logging in
                        .requestMatchers(HttpMethod.GET, "/media/**").permitAll()
                        .requestMatchers("/platform/**").hasRole(Role.PLATFORM_OPERATOR.name())
                        .requestMatchers("/hq/brand/**", "/hq/assets/**", "/hq/templates/**", "/hq/mail-sandbox/**",
                                "/hq/contacts/**", "/hq/imports/**", "/hq/segments/**", "/hq/attributes/**", "/hq/campaigns/**",
                                "/hq/kits/**", "/hq/compliance/**", "/hq/policies/**", "/hq/sms-sandbox/**").hasAnyRole(Role.HQ_ADMIN.name(),
                                Role.HQ_MARKETER.name())
                        .requestMatchers("/hq/reviews/**").hasAnyRole(Role.VALIDATOR.name(), Role.HQ_ADMIN.name(),
                                Role.HQ_MARKETER.name())
                        .requestMatchers("/hq/territories/**", "/hq/branches/**", "/hq/users/**", "/hq/api-keys/**",
                                "/hq/sending/**")
                                .hasRole(Role.HQ_ADMIN.name())
                        .requestMatchers("/hq", "/hq/**").hasAnyRole(Role.HQ_ADMIN.name(), Role.HQ_MARKETER.name(),
                                Role.VALIDATOR.name())
                        .requestMatchers("/portal", "/portal/**").hasRole(Role.BRANCH_MANAGER.name())
                        // steering changes (objectives, budgets, reminders) and their forms: HQ admins only
                        .requestMatchers(HttpMethod.POST, "/insights/objectives/**", "/insights/budgets/**",
                                "/insights/adoption/**").hasRole(Role.HQ_ADMIN.name())
                        .requestMatchers("/insights/objectives/new", "/insights/objectives/*/edit",
                                "/insights/budgets/new").hasRole(Role.HQ_ADMIN.name())
                        .requestMatchers("/insights", "/insights/**").hasAnyRole(Role.EXECUTIVE.name(),
                                Role.HQ_ADMIN.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(loginHandlers)
                        .failureHandler(loginHandlers)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        // DENY unless the response framed itself (e-mail previews: SAMEORIGIN, see EmailPreviewResponse);
                        // Spring's own frame-options writer would overwrite such a header
                        .frameOptions(frame -> frame.disable())
                        .addHeaderWriter((request, response) -> {
                            if (!response.containsHeader("X-Frame-Options")) {
                                response.setHeader("X-Frame-Options", "DENY");
                            }
                        }))
                .addFilterAfter(new TenantContextFilter(), AuthorizationFilter.class);
        return http.build();
    }
}
