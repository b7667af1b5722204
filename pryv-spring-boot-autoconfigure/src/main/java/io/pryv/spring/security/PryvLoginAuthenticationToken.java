package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.List;

import io.pryv.client.PendingAuth;
import io.pryv.spring.web.PryvAuthorization;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A Pryv sign-in going through the {@link PryvLoginAuthenticationProvider}, in
 * the manner of Spring Security's {@code OAuth2LoginAuthenticationToken}:
 * before, the pending auth request and its platform (not authenticated);
 * after, the {@link PryvUser}, its authorities and the granted
 * {@link PryvAuthorization} (whose {@code toString()} masks the token). It is
 * never kept in the security context: the filter keeps a
 * {@link PryvAuthenticationToken} there and the authorization in the
 * {@link io.pryv.spring.web.PryvConnectionRepository}.
 */
public class PryvLoginAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable PendingAuth pending;

	private final transient PryvPlatforms.@Nullable Platform platform;

	private final @Nullable PryvUser user;

	private final @Nullable PryvAuthorization authorization;

	/**
	 * A sign-in to check with the platform.
	 * @param pending the request pending in the session
	 * @param platform the platform it was started on
	 */
	public PryvLoginAuthenticationToken(PendingAuth pending, PryvPlatforms.Platform platform) {
		super(List.of());
		this.pending = pending;
		this.platform = platform;
		this.user = null;
		this.authorization = null;
		setAuthenticated(false);
	}

	/**
	 * An accepted sign-in.
	 * @param user the user
	 * @param authorization the granted endpoint
	 * @param authorities the user's authorities
	 */
	public PryvLoginAuthenticationToken(PryvUser user, PryvAuthorization authorization,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.pending = null;
		this.platform = null;
		this.user = user;
		this.authorization = authorization;
		setAuthenticated(true);
	}

	/** @return the user once accepted, else the key of the pending request */
	@Override
	public @Nullable Object getPrincipal() {
		return (this.user != null) ? this.user : (this.pending != null) ? this.pending.key() : null;
	}

	/** @return an empty string: a Pryv sign-in has no credentials of the browser */
	@Override
	public Object getCredentials() {
		return "";
	}

	/** @return the pending request (before authentication) */
	public @Nullable PendingAuth pending() {
		return this.pending;
	}

	/** @return its platform (before authentication) */
	public PryvPlatforms.@Nullable Platform platform() {
		return this.platform;
	}

	/** @return the user (once accepted) */
	public @Nullable PryvUser user() {
		return this.user;
	}

	/** @return the granted endpoint and username (once accepted) */
	public @Nullable PryvAuthorization authorization() {
		return this.authorization;
	}

}
