package io.pryv.spring.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;

/**
 * The check of a browser's return from the platform, for both stacks: the
 * parameters the platform appends ({@code prYvkey}, {@code prYvpoll}) are only
 * compared with the request pending in the session, without calling the
 * platform; any other parameter (a token, an endpoint, a username) is never
 * read.
 */
final class PryvLoginReturns {

	private static final Log logger = LogFactory.getLog(PryvLoginReturns.class);

	private static final List<String> PARAMETERS = List.of("pryvKey", "prYvkey", "pryvPoll", "prYvpoll");

	private PryvLoginReturns() {
	}

	/**
	 * @param parameter a request parameter by name
	 * @return completes when the return's key and poll URL, if any, are those of
	 * {@code pending}; else signals a {@link PryvAuthenticationException}
	 * ({@link PryvAuthenticationException#REJECTED_RETURN})
	 */
	static Mono<Void> check(Function<String, @Nullable String> parameter, PryvPlatforms.Platform platform,
			PendingAuth pending) {
		Map<String, String> returned = new HashMap<>();
		for (String name : PARAMETERS) {
			String value = parameter.apply(name);
			if (value != null) {
				returned.put(name, value);
			}
		}
		if (returned.isEmpty()) {
			return Mono.empty();
		}
		return Mono.defer(() -> platform.authFlow().reactive().resume(returned))
			.map((claimed) -> mismatch(claimed, pending))
			.onErrorResume((ex) -> ex instanceof PryvClientException || ex instanceof PryvApiException,
					(ex) -> Mono.just(String.valueOf(ex.getMessage())))
			.flatMap((problem) -> {
				if (problem.isEmpty()) {
					return Mono.empty();
				}
				logger.warn("Rejected a Pryv sign-in return: " + problem.replaceAll("\\p{Cntrl}", "_"));
				return Mono.error(new PryvAuthenticationException(AuthState.Status.ERROR,
						PryvAuthenticationException.REJECTED_RETURN,
						"The sign-in answer was rejected: " + problem + ". Start the sign-in again."));
			});
	}

	private static String mismatch(PendingAuth claimed, PendingAuth pending) {
		if (claimed.key() != null && !claimed.key().equals(pending.key())) {
			return "it is for another sign-in request than the one started in this browser";
		}
		if (!claimed.pollUrl().equals(pending.pollUrl())) {
			return "its poll URL is not the one of the sign-in started in this browser";
		}
		return "";
	}

}
