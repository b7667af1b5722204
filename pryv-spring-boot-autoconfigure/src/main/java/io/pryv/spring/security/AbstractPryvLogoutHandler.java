package io.pryv.spring.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthorization;

/**
 * What the servlet and WebFlux Pryv logout handlers share
 * ({@link PryvLogoutHandler}, {@link ServerPryvLogoutHandler}): when to revoke
 * the app's access on the platform (on every logout, or when the logout request
 * has the revoke parameter) and the revocation itself, whose outcome is
 * {@code signed-out}, {@code revoked} or {@code revoke-failed}.
 */
public abstract class AbstractPryvLogoutHandler {

	static final String SIGNED_OUT = "signed-out";

	static final String REVOKED = "revoked";

	static final String REVOKE_FAILED = "revoke-failed";

	private static final Log logger = LogFactory.getLog(AbstractPryvLogoutHandler.class);

	private final PryvConnectionFactory connectionFactory;

	private @Nullable String revokeParameter = "revoke";

	private boolean alwaysRevoke;

	AbstractPryvLogoutHandler(PryvConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/** @param revokeParameter the logout request parameter asking for revocation ({@code null}: none) */
	public void setRevokeParameter(@Nullable String revokeParameter) {
		this.revokeParameter = revokeParameter;
	}

	/** @return the logout request parameter asking for revocation, or {@code null} */
	public @Nullable String getRevokeParameter() {
		return this.revokeParameter;
	}

	/** @param alwaysRevoke whether every logout revokes the app's access on the platform */
	public void setAlwaysRevoke(boolean alwaysRevoke) {
		this.alwaysRevoke = alwaysRevoke;
	}

	/** @return whether a logout request that has (or not) the revoke parameter revokes */
	boolean revokes(boolean hasRevokeParameter) {
		return this.alwaysRevoke || (this.revokeParameter != null && hasRevokeParameter);
	}

	/** @return the outcome of revoking the authorization's access: {@value #REVOKED} or {@value #REVOKE_FAILED} */
	Mono<String> revoke(PryvAuthorization authorization) {
		return Mono.defer(() -> this.connectionFactory.connectReactive(authorization.apiEndpoint()).revoke())
			.thenReturn(REVOKED)
			.onErrorResume((ex) -> ex instanceof PryvApiException || ex instanceof PryvClientException, (ex) -> {
				logger.warn("Could not revoke the Pryv access of " + authorization.username() + ": "
						+ String.valueOf(ex.getMessage()).replaceAll("\\p{Cntrl}", "_"));
				return Mono.just(REVOKE_FAILED);
			});
	}

}
