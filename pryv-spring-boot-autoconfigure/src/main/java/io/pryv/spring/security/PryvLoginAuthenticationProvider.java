package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthorization;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;

/**
 * Checks a {@link PryvLoginAuthenticationToken} with its platform, in the
 * manner of Spring Security's {@code OAuth2LoginAuthenticationProvider}: polls
 * the pending auth request once; when ACCEPTED, reads the granted access
 * ({@code access-info}) for the user's permissions and answers an
 * authenticated token with the {@link PryvUser}, its authorities and the
 * {@link PryvAuthorization}. REFUSED, EXPIRED and ERROR become a
 * {@link PryvAuthenticationException}; a platform that cannot be reached too
 * ({@link PryvAuthenticationException#PLATFORM_UNREACHABLE}, the request stays
 * pending). The servlet form of {@link PryvLoginReactiveAuthenticationManager},
 * which it waits for on the request's thread.
 */
public class PryvLoginAuthenticationProvider implements AuthenticationProvider {

	private final PryvLoginReactiveAuthenticationManager manager;

	/**
	 * @param connectionFactory makes the connection that reads the granted access
	 */
	public PryvLoginAuthenticationProvider(PryvConnectionFactory connectionFactory) {
		this.manager = new PryvLoginReactiveAuthenticationManager(connectionFactory);
	}

	/**
	 * @param authoritiesMapper maps the {@link PryvAuthorities} of a user to the app's authorities
	 */
	public void setAuthoritiesMapper(GrantedAuthoritiesMapper authoritiesMapper) {
		this.manager.setAuthoritiesMapper(authoritiesMapper);
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		return this.manager.authenticate(authentication).block();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PryvLoginAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
