package io.pryv.spring.security;

import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Mono;

import io.pryv.client.AccessInfo;
import io.pryv.client.AuthState;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthorization;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;

/**
 * Checks a {@link PryvLoginAuthenticationToken} with its platform without
 * blocking, in the manner of Spring Security's
 * {@code OAuth2LoginReactiveAuthenticationManager}: polls the pending auth
 * request once; when ACCEPTED, reads the granted access ({@code access-info})
 * for the user's permissions and answers an authenticated token with the
 * {@link PryvUser}, its authorities and the {@link PryvAuthorization}.
 * NEED_SIGNIN signals {@code PryvLoginPendingException} (not a failure: the
 * sign-in goes on); REFUSED, EXPIRED and ERROR a
 * {@link PryvAuthenticationException}, and so does a platform that cannot be
 * reached ({@link PryvAuthenticationException#PLATFORM_UNREACHABLE}, the
 * request stays pending). The WebFlux login uses it directly, the servlet one
 * through {@link PryvLoginAuthenticationProvider}.
 */
public class PryvLoginReactiveAuthenticationManager implements ReactiveAuthenticationManager {

	private final PryvConnectionFactory connectionFactory;

	private GrantedAuthoritiesMapper authoritiesMapper = (authorities) -> authorities;

	/**
	 * @param connectionFactory makes the connection that reads the granted access
	 */
	public PryvLoginReactiveAuthenticationManager(PryvConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * @param authoritiesMapper maps the {@link PryvAuthorities} of a user to the app's authorities
	 */
	public void setAuthoritiesMapper(GrantedAuthoritiesMapper authoritiesMapper) {
		this.authoritiesMapper = authoritiesMapper;
	}

	/** @return empty for another kind of authentication, or one that is not a sign-in to check */
	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof PryvLoginAuthenticationToken login) || login.pending() == null
				|| login.platform() == null) {
			return Mono.empty();
		}
		PryvPlatforms.Platform platform = login.platform();
		return Mono.defer(() -> platform.authFlow().reactive().poll(login.pending()))
			.onErrorMap((ex) -> ex instanceof PryvClientException || ex instanceof PryvApiException,
					(ex) -> new PryvAuthenticationException(AuthState.Status.ERROR,
							PryvAuthenticationException.PLATFORM_UNREACHABLE,
							"Could not check the sign-in with the platform: " + ex.getMessage(), ex))
			.flatMap((state) -> switch (state.status()) {
				case ACCEPTED -> accepted(state, platform);
				case NEED_SIGNIN -> Mono.error(new PryvLoginPendingException(state.pending()));
				default -> Mono.error(PryvAuthenticationException.of(state));
			});
	}

	private Mono<Authentication> accepted(AuthState state, PryvPlatforms.Platform platform) {
		return Mono.defer(() -> this.connectionFactory.connectReactive(state.apiEndpoint()).accessInfo())
			.onErrorMap((ex) -> ex instanceof PryvClientException || ex instanceof PryvApiException,
					(ex) -> new PryvAuthenticationException(AuthState.Status.ERROR,
							PryvAuthenticationException.ACCESS_CHECK_FAILED,
							"The platform accepted the sign-in, but the granted access could not be read: "
									+ ex.getMessage(), ex))
			.map((access) -> token(state, platform, access));
	}

	private Authentication token(AuthState state, PryvPlatforms.Platform platform, AccessInfo access) {
		String username = (state.username() != null) ? state.username() : access.username();
		List<PryvPermission> permissions = access.permissionList().stream().map(PryvPermission::of).toList();
		PryvUser user = new PryvUser(username, platform.serviceInfoUrl(), permissions);
		Collection<? extends GrantedAuthority> authorities = this.authoritiesMapper
			.mapAuthorities(PryvAuthorities.of(user));
		return new PryvLoginAuthenticationToken(user, new PryvAuthorization(state.apiEndpoint(), username), authorities);
	}

}
