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
 * What both logout handlers share: when to revoke the app's access on the
 * platform (on every logout, or when the logout request has the revoke
 * parameter) and the revocation itself, whose outcome is
 * {@value #SIGNED_OUT}, {@value #REVOKED} or {@value #REVOKE_FAILED}.
 */
final class PryvRevocation {

	static final String SIGNED_OUT = "signed-out";

	static final String REVOKED = "revoked";

	static final String REVOKE_FAILED = "revoke-failed";

	private static final Log logger = LogFactory.getLog(PryvRevocation.class);

	private final PryvConnectionFactory connectionFactory;

	private @Nullable String revokeParameter = "revoke";

	private boolean alwaysRevoke;

	PryvRevocation(PryvConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	void setRevokeParameter(@Nullable String revokeParameter) {
		this.revokeParameter = revokeParameter;
	}

	@Nullable String getRevokeParameter() {
		return this.revokeParameter;
	}

	void setAlwaysRevoke(boolean alwaysRevoke) {
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
