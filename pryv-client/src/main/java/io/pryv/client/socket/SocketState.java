package io.pryv.client.socket;

/** Where a {@link ReactivePryvSocket} is in its life. */
public enum SocketState {

	/** Opening: the WebSocket or the user's namespace is not connected yet. */
	CONNECTING,

	/** Connected to the user's namespace: notifications arrive, calls can be sent. */
	CONNECTED,

	/** The link was lost; a new one is being opened after a backoff delay. Calls fail meanwhile. */
	RECONNECTING,

	/** Closed, by {@code close()} or for good after a refusal; nothing more arrives. */
	CLOSED

}
