package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.List;

import io.pryv.client.AccessInfo;
import io.pryv.client.AuthState;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthorization;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
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
 * pending).
 */
public class PryvLoginAuthenticationProvider implements AuthenticationProvider {

	private final PryvConnectionFactory connectionFactory;

	private GrantedAuthoritiesMapper authoritiesMapper = (authorities) -> authorities;

	/**
	 * @param connectionFactory makes the connection that reads the granted access
	 */
	public PryvLoginAuthenticationProvider(PryvConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * @param authoritiesMapper maps the {@link PryvAuthorities} of a user to the app's authorities
	 */
	public void setAuthoritiesMapper(GrantedAuthoritiesMapper authoritiesMapper) {
		this.authoritiesMapper = authoritiesMapper;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		PryvLoginAuthenticationToken login = (PryvLoginAuthenticationToken) authentication;
		if (login.pending() == null || login.platform() == null) {
			return null;
		}
		AuthState state;
		try {
			state = login.platform().authFlow().poll(login.pending());
		}
		catch (PryvClientException | PryvApiException ex) {
			throw new PryvAuthenticationException(AuthState.Status.ERROR, PryvAuthenticationException.PLATFORM_UNREACHABLE,
					"Could not check the sign-in with the platform: " + ex.getMessage(), ex);
		}
		return switch (state.status()) {
			case ACCEPTED -> accepted(state, login.platform());
			case NEED_SIGNIN -> throw new PryvLoginPendingException(state.pending());
			default -> throw PryvAuthenticationException.of(state);
		};
	}

	private PryvLoginAuthenticationToken accepted(AuthState state, PryvPlatforms.Platform platform) {
		AccessInfo access;
		try {
			access = this.connectionFactory.connect(state.apiEndpoint()).accessInfo();
		}
		catch (PryvClientException | PryvApiException ex) {
			throw new PryvAuthenticationException(AuthState.Status.ERROR, PryvAuthenticationException.ACCESS_CHECK_FAILED,
					"The platform accepted the sign-in, but the granted access could not be read: " + ex.getMessage(), ex);
		}
		String username = (state.username() != null) ? state.username() : access.username();
		List<PryvPermission> permissions = access.permissionList().stream().map(PryvPermission::of).toList();
		PryvUser user = new PryvUser(username, platform.serviceInfoUrl(), permissions);
		Collection<? extends GrantedAuthority> authorities = this.authoritiesMapper
			.mapAuthorities(PryvAuthorities.of(user));
		return new PryvLoginAuthenticationToken(user, new PryvAuthorization(state.apiEndpoint(), username), authorities);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PryvLoginAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
