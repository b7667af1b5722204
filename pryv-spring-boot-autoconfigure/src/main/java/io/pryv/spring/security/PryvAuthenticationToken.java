package io.pryv.spring.security;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authentication of a user signed in with Pryv, as kept in the security
 * context: a {@link PryvUser} principal and its authorities
 * ({@link PryvAuthorities}). It has no credentials: the granted token stays
 * server side in the {@link io.pryv.spring.web.PryvConnectionRepository}.
 */
public class PryvAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final PryvUser principal;

	/**
	 * @param principal the signed-in user
	 * @param authorities the user's authorities
	 */
	public PryvAuthenticationToken(PryvUser principal, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		if (principal == null) {
			throw new IllegalArgumentException("A Pryv authentication needs a user");
		}
		this.principal = principal;
		setAuthenticated(true);
	}

	@Override
	public PryvUser getPrincipal() {
		return this.principal;
	}

	/** @return an empty string: the token is never in the security context */
	@Override
	public Object getCredentials() {
		return "";
	}

}
