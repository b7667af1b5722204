/**
 * Server-side Pryv login as a Spring Security feature:
 * {@link io.pryv.spring.security.PryvLoginConfigurer#pryvLogin()}, the
 * counterpart of {@code oauth2Login()}, its filters, authentication provider,
 * principal ({@link io.pryv.spring.security.PryvUser}) and logout handler.
 * Used only by applications that have Spring Security.
 */
@NullMarked
package io.pryv.spring.security;

import org.jspecify.annotations.NullMarked;
