package io.pryv.client;

/**
 * What went wrong when a Pryv call got no HTTP answer at all
 * ({@link PryvClientException#getTransportFailure()}); such a failure has no
 * HTTP status.
 */
public enum TransportFailure {

	/**
	 * No connection could be made (refused, unknown host, no route, connect
	 * timeout, TLS handshake): the request was not sent.
	 */
	CONNECT,

	/**
	 * The connection was closed or reset by the other side after the request
	 * was (maybe partly) sent: the platform may have processed it.
	 */
	RESET,

	/**
	 * No answer, or no more of it, came in time (a response or read timeout):
	 * the platform may have processed the request.
	 */
	TIMEOUT,

	/** Any other failure of the transport. */
	OTHER;

	/**
	 * Classify a transport failure by the exceptions of its cause chain.
	 * @param failure what the HTTP client signalled
	 * @return its kind
	 */
	static TransportFailure of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			TransportFailure kind = kindOf(cause);
			if (kind != null) {
				return kind;
			}
		}
		return OTHER;
	}

	private static TransportFailure kindOf(Throwable cause) {
		// Netty's ConnectTimeoutException is a ConnectException: the request was not sent
		if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
				|| cause instanceof java.net.NoRouteToHostException || cause instanceof javax.net.ssl.SSLException
				|| cause instanceof java.net.http.HttpConnectTimeoutException) {
			return CONNECT;
		}
		if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException
				|| cause instanceof io.netty.handler.timeout.TimeoutException
				|| cause instanceof java.net.http.HttpTimeoutException) {
			return TIMEOUT;
		}
		if (cause instanceof reactor.netty.channel.AbortedException
				|| cause instanceof reactor.netty.http.client.PrematureCloseException) {
			return RESET;
		}
		if (cause instanceof java.io.IOException) {
			String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
			if (message.contains("reset") || message.contains("broken pipe") || message.contains("closed")) {
				return RESET;
			}
		}
		return null;
	}

}
