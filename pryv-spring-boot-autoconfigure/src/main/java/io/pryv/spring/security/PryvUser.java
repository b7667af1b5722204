package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * The principal of a user signed in with Pryv: the username on the platform,
 * the platform's service info URL, and the permissions the user granted to
 * the app. It holds no token (the token stays in the
 * {@link io.pryv.spring.web.PryvConnectionRepository}), so it can be shown,
 * logged and kept in any session store. Take it in a controller with
 * {@code @AuthenticationPrincipal PryvUser user}.
 */
public final class PryvUser implements AuthenticatedPrincipal, Serializable {

	private static final long serialVersionUID = 1L;

	private final String username;

	private final @Nullable String serviceInfoUrl;

	private final List<PryvPermission> permissions;

	/**
	 * @param username the username on the platform
	 * @param serviceInfoUrl the platform's service info URL (may be {@code null} when configured without one)
	 * @param permissions the permissions granted to the app
	 */
	public PryvUser(String username, @Nullable String serviceInfoUrl, @Nullable List<PryvPermission> permissions) {
		if (username == null || username.isBlank()) {
			throw new IllegalArgumentException("A Pryv user needs a username");
		}
		this.username = username;
		this.serviceInfoUrl = serviceInfoUrl;
		this.permissions = (permissions != null) ? List.copyOf(permissions) : List.of();
	}

	/** @return the username */
	@Override
	public String getName() {
		return this.username;
	}

	/** @return the username on the platform */
	public String username() {
		return this.username;
	}

	/** @return the service info URL of the platform the user signed in with, or {@code null} */
	public @Nullable String serviceInfoUrl() {
		return this.serviceInfoUrl;
	}

	/** @return the permissions the user granted to the app */
	public List<PryvPermission> permissions() {
		return this.permissions;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof PryvUser that && this.username.equals(that.username)
				&& Objects.equals(this.serviceInfoUrl, that.serviceInfoUrl) && this.permissions.equals(that.permissions);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.username, this.serviceInfoUrl, this.permissions);
	}

	@Override
	public String toString() {
		return "PryvUser[username=" + this.username + ", serviceInfoUrl=" + this.serviceInfoUrl + ", permissions="
				+ this.permissions + "]";
	}

}
