package io.pryv.client.socket;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.PryvClientException;

/**
 * One text frame of Engine.IO v4 carrying, for {@link Type#MESSAGE}s, a
 * Socket.IO v5 packet: the framing a Pryv platform's socket speaks over the
 * WebSocket transport (binary packets are not used by Pryv and are refused).
 * <pre>
 * 0{"sid":...,"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}   open
 * 2 / 3                                  ping (from the server) / pong
 * 40/alice,                              connect to namespace /alice
 * 40/alice,{"sid":"..."}                 connected
 * 44/alice,{"message":"..."}             connect refused
 * 42/alice,["eventsChanged"]             event (here a notification)
 * 42/alice,7["callBatch",[...]]          event expecting acknowledgement 7
 * 43/alice,7[null,{...}]                 acknowledgement 7
 * 41/alice,                              disconnect
 * </pre>
 *
 * @param type the Engine.IO packet type
 * @param packetType the Socket.IO packet type ({@link #CONNECT}...), or -1 when not a message
 * @param namespace the Socket.IO namespace, e.g. {@code /alice} ({@code /} when absent)
 * @param ackId the acknowledgement id, or -1
 * @param data the JSON data, or {@code null}
 */
record EngineIoFrame(Type type, int packetType, String namespace, long ackId, @Nullable JsonNode data) {

	/** Engine.IO packet types. */
	enum Type {
		OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP
	}

	static final int CONNECT = 0;

	static final int DISCONNECT = 1;

	static final int EVENT = 2;

	static final int ACK = 3;

	static final int CONNECT_ERROR = 4;

	/** The pong answering a server's ping. */
	static final String PONG_FRAME = "3";

	/** Engine.IO close. */
	static final String CLOSE_FRAME = "1";

	/**
	 * Read a text frame.
	 * @param text the frame
	 * @param mapper to read its JSON
	 * @return the frame
	 * @throws PryvClientException when it is not a frame of the protocol (what
	 * was received is in the message, cut to 200 characters)
	 */
	static EngineIoFrame parse(String text, JsonMapper mapper) {
		if (text == null || text.isEmpty()) {
			throw malformed(text, "empty frame");
		}
		char first = text.charAt(0);
		if (first < '0' || first > '6') {
			throw malformed(text, "unknown Engine.IO packet type '" + first + "'");
		}
		Type type = Type.values()[first - '0'];
		if (type == Type.OPEN) {
			return new EngineIoFrame(type, -1, null, -1, json(text, 1, mapper));
		}
		if (type != Type.MESSAGE) {
			return new EngineIoFrame(type, -1, null, -1, null);
		}
		if (text.length() < 2) {
			throw malformed(text, "a message without a Socket.IO packet");
		}
		int packetType = text.charAt(1) - '0';
		if (packetType < CONNECT || packetType > CONNECT_ERROR) {
			throw malformed(text, (packetType == 5 || packetType == 6) ? "binary Socket.IO packets are not supported"
					: "unknown Socket.IO packet type '" + text.charAt(1) + "'");
		}
		int at = 2;
		String namespace = "/";
		if (at < text.length() && text.charAt(at) == '/') {
			int comma = text.indexOf(',', at);
			if (comma < 0) {
				namespace = text.substring(at);
				at = text.length();
			}
			else {
				namespace = text.substring(at, comma);
				at = comma + 1;
			}
		}
		long ackId = -1;
		int digits = at;
		while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - at < 18) {
			digits++;
		}
		if (digits > at) {
			ackId = Long.parseLong(text.substring(at, digits));
			at = digits;
		}
		return new EngineIoFrame(type, packetType, namespace, ackId, json(text, at, mapper));
	}

	/**
	 * @param namespace the namespace, e.g. {@code /alice}
	 * @return the frame that connects to it
	 */
	static String connect(String namespace) {
		return "40" + namespace + ",";
	}

	/**
	 * @param namespace the namespace
	 * @return the frame that leaves it
	 */
	static String disconnect(String namespace) {
		return "41" + namespace + ",";
	}

	/**
	 * @param namespace the namespace
	 * @param ackId the acknowledgement id
	 * @param eventJson the event as a JSON array: name first, then the arguments
	 * @return the frame that emits it
	 */
	static String event(String namespace, long ackId, String eventJson) {
		return "42" + namespace + "," + ackId + eventJson;
	}

	private static JsonNode json(String text, int from, JsonMapper mapper) {
		if (from >= text.length()) {
			return null;
		}
		try {
			return mapper.readTree(text.substring(from));
		}
		catch (JacksonException ex) {
			throw malformed(text, "its data is not valid JSON");
		}
	}

	private static PryvClientException malformed(String text, String why) {
		String shown = (text == null) ? "null" : (text.length() > 200) ? text.substring(0, 200) + "..." : text;
		return new PryvClientException("Received a Socket.IO frame that cannot be read (" + why + "): " + shown);
	}

	/** @return whether this is a Socket.IO packet of that type */
	boolean is(int socketIoType) {
		return this.type == Type.MESSAGE && this.packetType == socketIoType;
	}

}
