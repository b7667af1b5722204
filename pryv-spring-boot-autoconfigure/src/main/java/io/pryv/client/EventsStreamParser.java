package io.pryv.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Reads an {@code events.get} answer incrementally, one input chunk at a time,
 * with Jackson's non-blocking parser: each event (and event deletion) is handed
 * back as soon as its closing brace arrives, and nothing of it is kept
 * afterwards. Other root keys ({@code meta}, anything new) are small and kept
 * for the {@link EventsStreamResult}.
 * <p>
 * One instance reads one answer, from one thread at a time.
 */
final class EventsStreamParser {

	private enum State {

		BEFORE_ROOT, IN_ROOT, ROOT_VALUE, IN_VALUE, IN_ARRAY, IN_ITEM, DONE

	}

	private static final String EVENTS = "events";

	private static final String DELETIONS = "eventDeletions";

	private final JsonParser parser;

	private final ByteArrayFeeder feeder;

	private final JsonTreeBuilder tree = new JsonTreeBuilder();

	private final EventReader eventReader = new EventReader();

	private final boolean deletionsAsked;

	private final boolean emitDeletions;

	private final String what;

	private byte[] input = new byte[16 * 1024];

	/** The offset in the whole answer of {@code input[0]}. */
	private long inputOffset;

	private int inputLength;

	/** The offset in the whole answer of the first byte of the event being read. */
	private long itemStart;

	/** The bytes of the event being read that came in earlier chunks. */
	private byte[] carry = new byte[1024];

	private int carryLength;

	private State state = State.BEFORE_ROOT;

	private String key;

	private boolean inDeletions;

	private boolean sawEvents;

	private boolean sawDeletions;

	private long eventsCount;

	private long deletionsCount;

	private int httpStatus = 200;

	/** A failure found after some items of the same chunk: thrown once those items are handed over. */
	private PryvException pending;

	private JsonNode meta;

	private final Map<String, JsonNode> others = new LinkedHashMap<>();

	/**
	 * @param mapper the mapper whose factory makes the parser
	 * @param deletionsAsked whether the query asked for deletions
	 * @param emitDeletions whether to hand deletions back (else only count them)
	 * @param what the request, for error messages (e.g. {@code events.get (GET https://host/events?...)})
	 */
	EventsStreamParser(JsonMapper mapper, boolean deletionsAsked, boolean emitDeletions, String what) {
		this.parser = mapper.createNonBlockingByteArrayParser();
		this.feeder = (ByteArrayFeeder) this.parser.nonBlockingInputFeeder();
		this.deletionsAsked = deletionsAsked;
		this.emitDeletions = emitDeletions;
		this.what = what;
	}

	/** @param httpStatus the status of the answer, for API errors found in the body */
	void httpStatus(int httpStatus) {
		this.httpStatus = httpStatus;
	}

	/**
	 * Read one chunk of the answer (the buffer is released).
	 * @return the events ({@link Event}) and deletions ({@link EventDeletion}) it completed, in order
	 */
	List<Object> feed(DataBuffer buffer) {
		try {
			throwPending();
			int length = buffer.readableByteCount();
			if (length > this.input.length) {
				this.input = new byte[Math.max(length, this.input.length * 2)];
			}
			buffer.read(this.input, 0, length);
			this.inputOffset += this.inputLength;
			this.inputLength = length;
			try {
				this.feeder.feedInput(this.input, 0, length);
			}
			catch (JacksonException ex) {
				throw malformed(ex);
			}
		}
		finally {
			DataBufferUtils.release(buffer);
		}
		List<Object> items = drain();
		if (this.state == State.IN_ITEM && !this.inDeletions) {
			keepPartialEvent();
		}
		return items;
	}

	/** The input array is reused for the next chunk: keep the start of the event in progress. */
	private void keepPartialEvent() {
		int from = (int) Math.max(0, this.itemStart - this.inputOffset);
		int length = this.inputLength - from;
		if (this.carryLength + length > this.carry.length) {
			this.carry = java.util.Arrays.copyOf(this.carry, Math.max(this.carryLength + length, this.carry.length * 2));
		}
		System.arraycopy(this.input, from, this.carry, this.carryLength, length);
		this.carryLength += length;
	}

	/**
	 * Jackson's non-blocking parser (3.1) reports a {@code START_OBJECT} at the
	 * byte after its brace (an {@code END_OBJECT} at its brace): find the brace
	 * itself, in the current chunk, where the parser has just read it.
	 */
	private long openingBrace(long reported) {
		for (long offset = reported; offset >= reported - 1; offset--) {
			long index = offset - this.inputOffset;
			if (index >= 0 && index < this.inputLength && this.input[(int) index] == '{') {
				return offset;
			}
		}
		throw new PryvClientException("Pryv " + this.what + ": cannot locate the start of event " + (this.eventsCount + 1)
				+ " in the answer");
	}

	/** @return the original bytes of the event that ends at {@code end} (exclusive), in the current chunk */
	private byte[] eventBytes(long end) {
		int endInInput = (int) (end - this.inputOffset);
		if (this.itemStart >= this.inputOffset) {
			int from = (int) (this.itemStart - this.inputOffset);
			return java.util.Arrays.copyOfRange(this.input, from, endInInput);
		}
		byte[] bytes = new byte[this.carryLength + endInInput];
		System.arraycopy(this.carry, 0, bytes, 0, this.carryLength);
		System.arraycopy(this.input, 0, bytes, this.carryLength, endInInput);
		this.carryLength = 0;
		return bytes;
	}

	/**
	 * Signal the end of the answer.
	 * @return what the last chunk completed; then call {@link #complete()}
	 */
	List<Object> finish() {
		throwPending();
		this.feeder.endOfInput();
		List<Object> last;
		try {
			last = drain();
		}
		catch (PryvClientException ex) {
			throw (this.state != State.DONE) ? cut() : ex;
		}
		if (this.state != State.DONE && (this.pending == null || this.pending instanceof PryvClientException)) {
			this.pending = cut();
		}
		return last;
	}

	/**
	 * @throws PryvException if the answer was cut or malformed after the items last handed over
	 */
	void complete() {
		throwPending();
		this.parser.close();
	}

	/** @return the summary; valid once {@link #complete()} returned */
	EventsStreamResult result() {
		Long deletions = (this.sawDeletions || this.deletionsAsked) ? this.deletionsCount : null;
		return new EventsStreamResult(this.eventsCount, deletions, this.meta, this.others);
	}

	/** @return the answer's {@code meta} once read, or {@code null} */
	JsonNode meta() {
		return this.meta;
	}

	/** @return how many events were read so far */
	long eventsCount() {
		return this.eventsCount;
	}

	/** @return a client error for a failure of the transport after some events were delivered */
	PryvClientException interrupted(Throwable ex, String token) {
		String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return new PryvClientException("Pryv " + this.what + " failed after " + delivered() + ": "
				+ PryvHttp.redact(reason, token), ex);
	}

	private List<Object> drain() {
		List<Object> items = null;
		try {
			JsonToken token;
			while ((token = this.parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
				Object item = handle(token);
				if (item != null) {
					if (items == null) {
						// sized for the whole chunk: events are rarely under 200 bytes
						items = new ArrayList<>(this.inputLength / 200 + 8);
					}
					items.add(item);
				}
			}
		}
		catch (JacksonException | PryvException ex) {
			PryvException failure = (ex instanceof JacksonException jackson) ? malformed(jackson) : (PryvException) ex;
			if (items == null) {
				throw failure;
			}
			this.pending = failure;
		}
		return (items != null) ? items : List.of();
	}

	private void throwPending() {
		if (this.pending != null) {
			throw this.pending;
		}
	}

	private Object handle(JsonToken token) {
		switch (this.state) {
			case BEFORE_ROOT:
				if (token != JsonToken.START_OBJECT) {
					throw new PryvClientException("Pryv " + this.what + " answered " + JsonToken.valueDescFor(token)
							+ " instead of a JSON object");
				}
				this.state = State.IN_ROOT;
				return null;
			case IN_ROOT:
				if (token == JsonToken.END_OBJECT) {
					this.state = State.DONE;
					if (!this.sawEvents) {
						throw new PryvClientException("Pryv " + this.what + " answered an object without 'events' (keys: "
								+ rootKeys() + ")");
					}
					return null;
				}
				this.key = this.parser.currentName();
				this.state = State.ROOT_VALUE;
				return null;
			case ROOT_VALUE:
				if (token == JsonToken.START_ARRAY && (EVENTS.equals(this.key) || DELETIONS.equals(this.key))) {
					this.inDeletions = DELETIONS.equals(this.key);
					this.sawEvents |= !this.inDeletions;
					this.sawDeletions |= this.inDeletions;
					this.state = State.IN_ARRAY;
					return null;
				}
				this.state = State.IN_VALUE;
				return handle(token);
			case IN_VALUE:
				if (this.tree.accept(token, this.parser)) {
					rootValue(this.key, this.tree.take());
					this.state = State.IN_ROOT;
				}
				return null;
			case IN_ARRAY:
				if (token == JsonToken.END_ARRAY) {
					this.state = State.IN_ROOT;
					return null;
				}
				if (token != JsonToken.START_OBJECT) {
					throw new PryvClientException("Pryv " + this.what + " answered a '" + this.key + "' item that is "
							+ JsonToken.valueDescFor(token) + ", not an object, after " + delivered());
				}
				if (this.inDeletions) {
					this.tree.accept(token, this.parser);
				}
				else {
					this.itemStart = openingBrace(this.parser.currentTokenLocation().getByteOffset());
					this.carryLength = 0;
					this.eventReader.start();
				}
				this.state = State.IN_ITEM;
				return null;
			case IN_ITEM:
				if (this.inDeletions) {
					if (this.tree.accept(token, this.parser)) {
						this.state = State.IN_ARRAY;
						this.deletionsCount++;
						return this.emitDeletions ? EventDeletion.from(this.tree.take()) : null;
					}
					return null;
				}
				if (this.eventReader.accept(token, this.parser)) {
					this.state = State.IN_ARRAY;
					this.eventsCount++;
					long end = this.parser.currentTokenLocation().getByteOffset() + 1;
					return this.eventReader.build(RawJson.ofBytes(eventBytes(end)));
				}
				return null;
			default:
				throw new PryvClientException("Pryv " + this.what + " answered data after the end of its JSON object, after "
						+ delivered());
		}
	}

	private void rootValue(String name, JsonNode value) {
		if ("error".equals(name) && value.isObject()) {
			throw new PryvApiException(ApiError.from(value), this.httpStatus, "events.get");
		}
		if (EVENTS.equals(name) || DELETIONS.equals(name)) {
			throw new PryvClientException("Pryv " + this.what + " answered '" + name + "' as "
					+ value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not an array");
		}
		if ("meta".equals(name)) {
			this.meta = value;
		}
		else {
			this.others.put(name, value);
		}
	}

	private List<String> rootKeys() {
		List<String> keys = new ArrayList<>();
		if (this.meta != null) {
			keys.add("meta");
		}
		keys.addAll(this.others.keySet());
		return keys;
	}

	private String delivered() {
		String text = this.eventsCount + " event" + ((this.eventsCount == 1) ? "" : "s");
		if (this.sawDeletions) {
			text += " and " + this.deletionsCount + " deletion" + ((this.deletionsCount == 1) ? "" : "s");
		}
		return text + " delivered";
	}

	private PryvClientException cut() {
		return new PryvClientException(
				"Pryv " + this.what + " was cut: the answer ended before its JSON was complete, after " + delivered());
	}

	private PryvClientException malformed(JacksonException ex) {
		return new PryvClientException(
				"Pryv " + this.what + " answered malformed JSON after " + delivered() + ": " + ex.getOriginalMessage(),
				ex);
	}

}
