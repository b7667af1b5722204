package io.pryv.spring.security;

import java.net.URI;
import java.util.Locale;

import io.pryv.client.AuthState;
import org.jspecify.annotations.Nullable;

/**
 * The check, for both stacks, that the {@code returnURL} a sign-in is about to
 * send leads back to the app: the platform sends the browser there with the
 * poll URL, which gives the token once the user accepts.
 */
final class PryvReturnUrls {

	private PryvReturnUrls() {
	}

	/**
	 * @param resolved the returnURL about to be sent (an application's resolver
	 * may have changed it), or {@code null} (the consent page then asks the user
	 * to close it)
	 * @param own this app's: {@code pryv.return-url}, or its return endpoint
	 * @throws PryvAuthenticationException ({@link PryvAuthenticationException#FOREIGN_RETURN_URL})
	 * when {@code resolved} has another scheme, host, port or path than {@code own},
	 * or user-info; a query of its own is allowed
	 */
	static void requireOwn(@Nullable String resolved, @Nullable String own) {
		if (resolved == null || own == null || sameEndpoint(URI.create(resolved), URI.create(own))) {
			return;
		}
		throw new PryvAuthenticationException(AuthState.Status.ERROR, PryvAuthenticationException.FOREIGN_RETURN_URL,
				"The sign-in was not started: its return URL " + resolved.replaceAll("\\p{Cntrl}", "_")
						+ " does not lead back to this app (" + own + ")");
	}

	private static boolean sameEndpoint(URI resolved, URI own) {
		return lower(resolved.getScheme()).equals(lower(own.getScheme()))
				&& lower(resolved.getHost()).equals(lower(own.getHost())) && port(resolved) == port(own)
				&& resolved.getRawUserInfo() == null
				&& String.valueOf(resolved.getRawPath()).equals(String.valueOf(own.getRawPath()));
	}

	private static String lower(@Nullable String text) {
		return (text != null) ? text.toLowerCase(Locale.ROOT) : "";
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

}
