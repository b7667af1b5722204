package io.pryv.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Reads an {@code events.get} answer incrementally, one input chunk at a time:
 * each event (and event deletion) is handed back as soon as its closing brace
 * arrives, and nothing of it is kept afterwards. Other root keys ({@code meta},
 * anything new) are small and kept for the {@link EventsStreamResult}.
 * <p>
 * Each event is read by {@link EventBytes} in one strict pass, in place in the
 * input; one cut by the end of a chunk is read again when the next chunk
 * comes, or, when it is large, followed to its end by a boundary scan (strings
 * and brackets only, resumable across chunks) and then read. A general non-blocking tokenizer was measured at about half the speed:
 * it makes a token of every value and a name of every key that an event
 * reader then drops.
 * <p>
 * One instance reads one answer, from one thread at a time.
 */
final class EventsStreamParser {

	private enum State {

		BEFORE_ROOT, KEY_OR_END, KEY, KEY_AFTER_COMMA, COLON, VALUE, ROOT_VALUE, AFTER_VALUE, FIRST_ITEM, ITEM,
		IN_ITEM, AFTER_ITEM, DONE

	}

	private static final String EVENTS = "events";

	private static final String API_METHOD = "events.get";

	private static final String DELETIONS = "eventDeletions";

	private final JsonMapper mapper;

	private final boolean deletionsAsked;

	private final boolean emitDeletions;

	private final String what;

	/** Unread input: {@code buffer[start, limit)}; {@code position} is where reading resumes. */
	private byte[] buffer = new byte[64 * 1024];

	private int start;

	private int position;

	private int limit;

	/** Where the value being scanned (a key, a root value, an item) starts in {@link #buffer}. */
	private int valueStart;

	private int depth;

	private boolean inString;

	private boolean escaped;

	private State state = State.BEFORE_ROOT;

	private String key;

	private boolean inDeletions;

	private boolean sawEvents;

	private boolean sawDeletions;

	private long eventsCount;

	private long deletionsCount;

	private int httpStatus = 200;

	/** The call's token, masked in excerpts of the body. */
	private String token;

	/** The start of the answer, for the excerpt of an answer that is not a Pryv answer. */
	private byte[] head;

	/** A failure found after some items of the same chunk: thrown once those items are handed over. */
	private PryvException pending;

	private @Nullable JsonNode meta;

	private final Map<String, JsonNode> others = new LinkedHashMap<>();

	private final EventKeys.Order keyOrder = new EventKeys.Order();

	/** The pass-through's handler of each event's bytes ({@code null}: events are read into {@link Event}s). */
	private final EventJson.@Nullable Handler jsonHandler;

	/** The pass-through's view of the current event's bytes. */
	private final @Nullable EventJson eventJson;

	/** What the pass-through's handler threw: the stream stops, and it is rethrown on the caller's side. */
	private @Nullable HandlerFailure handlerFailure;

	/**
	 * @param mapper the mapper reading root values and nested event values
	 * @param deletionsAsked whether the query asked for deletions
	 * @param emitDeletions whether to hand deletions back (else only count them)
	 * @param what the request, for error messages (e.g. {@code events.get (GET https://host/events?...)})
	 */
	EventsStreamParser(JsonMapper mapper, boolean deletionsAsked, boolean emitDeletions, String what) {
		this(mapper, deletionsAsked, emitDeletions, what, null);
	}

	/**
	 * A parser that hands each event's bytes to {@code jsonHandler}, checked to
	 * be valid JSON but not read ({@link PryvConnection#streamEventsJson}): then
	 * {@link #feed} returns {@link #DELIVERED} for each event handed over, and
	 * deletions are only counted.
	 * @param mapper the mapper reading root values
	 * @param deletionsAsked whether the query asked for deletions
	 * @param what the request, for error messages
	 * @param jsonHandler the handler of each event's bytes
	 */
	static EventsStreamParser passThrough(JsonMapper mapper, boolean deletionsAsked, String what,
			EventJson.Handler jsonHandler) {
		return new EventsStreamParser(mapper, deletionsAsked, false, what, jsonHandler);
	}

	private EventsStreamParser(JsonMapper mapper, boolean deletionsAsked, boolean emitDeletions, String what,
			EventJson.@Nullable Handler jsonHandler) {
		this.mapper = mapper;
		this.deletionsAsked = deletionsAsked;
		this.emitDeletions = emitDeletions;
		this.what = what;
		this.jsonHandler = jsonHandler;
		this.eventJson = (jsonHandler != null) ? new EventJson(mapper) : null;
	}

	/**
	 * What the pass-through's handler threw, wrapped so that it crosses the
	 * stream's operators untouched: the caller's side unwraps it ({@link #rethrow()}).
	 */
	static final class HandlerFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		HandlerFailure(Exception cause) {
			super(cause.getMessage(), cause, false, false);
		}

		/**
		 * @throws IOException the handler's, as it threw it
		 */
		void rethrow() throws IOException {
			if (getCause() instanceof IOException io) {
				throw io;
			}
			throw (RuntimeException) getCause();
		}

	}

	/** @return what the pass-through's handler threw, once it did, else {@code null} */
	@Nullable HandlerFailure handlerFailure() {
		return this.handlerFailure;
	}

	/** @param httpStatus the status of the answer, for API errors found in the body */
	void httpStatus(int httpStatus) {
		this.httpStatus = httpStatus;
	}

	/** @param token the call's token, never shown in an excerpt of the body */
	void token(String token) {
		this.token = token;
	}

	/**
	 * Read one chunk of the answer (the buffer is released).
	 * @return the events ({@link Event}) and deletions ({@link EventDeletion}) it completed, in order
	 */
	List<Object> feed(DataBuffer chunk) {
		try {
			if (this.handlerFailure != null) {
				throw this.handlerFailure;
			}
			throwPending();
			append(chunk);
		}
		finally {
			DataBufferUtils.release(chunk);
		}
		return drain();
	}

	/** Keep the unread input, then add the chunk after it. */
	private void append(DataBuffer chunk) {
		int length = chunk.readableByteCount();
		int kept = this.limit - this.start;
		if (this.start > 0) {
			System.arraycopy(this.buffer, this.start, this.buffer, 0, kept);
			this.position -= this.start;
			this.valueStart -= this.start;
			this.start = 0;
			this.limit = kept;
		}
		if (kept + length > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(kept + length, this.buffer.length * 2));
		}
		chunk.read(this.buffer, kept, length);
		this.limit = kept + length;
		if (this.head == null) {
			this.head = Arrays.copyOfRange(this.buffer, kept, kept + Math.min(length, 4 * BodyExcerpt.MAX_LENGTH));
		}
	}

	/**
	 * Signal the end of the answer.
	 * @return what the last chunk completed; then call {@link #complete()}
	 */
	List<Object> finish() {
		throwPending();
		if (this.state != State.DONE) {
			this.pending = cut();
		}
		return List.of();
	}

	/**
	 * @throws PryvException if the answer was cut or malformed after the items last handed over
	 */
	void complete() {
		throwPending();
	}

	/** @return the summary; valid once {@link #complete()} returned */
	EventsStreamResult result() {
		Long deletions = (this.sawDeletions || this.deletionsAsked) ? this.deletionsCount : null;
		return new EventsStreamResult(this.eventsCount, deletions, this.meta, this.others);
	}

	/** @return the answer's {@code meta} once read, or {@code null} */
	@Nullable JsonNode meta() {
		return this.meta;
	}

	/** @return how many events were read so far */
	long eventsCount() {
		return this.eventsCount;
	}

	/**
	 * @return a client error for a failure of the transport (no answer, or an
	 * answer cut) after some events were delivered
	 */
	PryvClientException interrupted(Throwable ex, String token) {
		TransportFailure failure = TransportFailure.of(ex);
		return PryvClientException.transport("Pryv " + this.what + " failed after " + delivered() + " ("
				+ PryvHttp.describe(failure) + "): " + PryvHttp.redact(PryvHttp.reason(ex), token), ex, failure,
				API_METHOD);
	}

	/** A failure of an answer that is not the expected JSON: with its status, without an excerpt. */
	private PryvClientException failure(String message, Throwable cause) {
		return new PryvClientException(message, cause, this.httpStatus, API_METHOD, null);
	}

	/** A failure of an answer that is not a Pryv answer at all: with its status and the start of its body. */
	private PryvClientException notPryv(String message) {
		String excerpt = BodyExcerpt.of(this.head, this.token);
		return new PryvClientException("Pryv " + this.what + " answered HTTP " + this.httpStatus + " with " + message
				+ ((excerpt != null) ? ": " + excerpt : ""), null, this.httpStatus, API_METHOD, excerpt);
	}

	private List<Object> drain() {
		List<Object> items = null;
		try {
			Object item;
			while (this.handlerFailure == null && (item = step()) != null) {
				if (item != MORE) {
					if (items == null) {
						// sized for the whole chunk: events are rarely under 200 bytes
						items = new ArrayList<>((this.limit - this.position) / 200 + 8);
					}
					items.add(item);
				}
			}
		}
		catch (PryvException ex) {
			if (items == null) {
				throw ex;
			}
			this.pending = ex;
		}
		if (items == null && this.handlerFailure != null) {
			// the caller must see this chunk, to stop
			return HANDLER_FAILED;
		}
		return (items != null) ? items : List.of();
	}

	/**
	 * Events cut by a chunk's end are read again from their start while shorter
	 * than this (a bounded cost even when chunks are tiny); longer ones are
	 * followed by the boundary scan.
	 */
	private static final int REREAD_LIMIT = 4 * 1024;

	/** Returned by {@link #step()} when it moved on without completing an item. */
	private static final Object MORE = new Object();

	/** An item of a pass-through: one event handed to the handler. */
	static final Object DELIVERED = new Object();

	/** The items of a pass-through's chunk whose first event the handler failed on: none delivered. */
	private static final List<Object> HANDLER_FAILED = List.of(new Object());

	/**
	 * Take one step of the answer's structure.
	 * @return an item it completed, {@link #MORE} when it moved on without one,
	 * {@code null} when the input is exhausted
	 */
	private Object step() {
		if (this.state == State.IN_ITEM) {
			return (this.inDeletions || this.position > this.valueStart
					|| this.limit - this.valueStart >= REREAD_LIMIT) ? item() : eventInPlace();
		}
		if (this.state == State.KEY) {
			return key();
		}
		if (this.state == State.ROOT_VALUE) {
			return rootValue();
		}
		if (!skipWhitespace()) {
			return null;
		}
		byte c = this.buffer[this.position];
		switch (this.state) {
			case BEFORE_ROOT -> {
				if (c != '{') {
					throw notPryv(((c == '<') ? "HTML or XML" : (c == '[' || c == '"' || c == 't' || c == 'f' || c == '-'
							|| (c >= '0' && c <= '9')) ? "JSON that is not an object" : "a body that is not JSON")
							+ ", not a Pryv answer");
				}
				consume(1, State.KEY_OR_END);
			}
			case KEY_OR_END -> {
				if (c == '}') {
					end();
				}
				else {
					beginKey(c);
				}
			}
			case KEY_AFTER_COMMA -> beginKey(c);
			case COLON -> {
				if (c != ':') {
					throw malformed("':' after the key '" + this.key + "'", c);
				}
				consume(1, State.VALUE);
			}
			case VALUE -> {
				if (c == '[' && (EVENTS.equals(this.key) || DELETIONS.equals(this.key))) {
					this.inDeletions = DELETIONS.equals(this.key);
					this.sawEvents |= !this.inDeletions;
					this.sawDeletions |= this.inDeletions;
					consume(1, State.FIRST_ITEM);
				}
				else {
					beginValue(State.ROOT_VALUE);
				}
			}
			case AFTER_VALUE -> {
				if (c == ',') {
					consume(1, State.KEY_AFTER_COMMA);
				}
				else if (c == '}') {
					end();
				}
				else {
					throw malformed("',' or '}' after the value of '" + this.key + "'", c);
				}
			}
			case FIRST_ITEM, ITEM -> {
				if (c == ']' && this.state == State.FIRST_ITEM) {
					consume(1, State.AFTER_VALUE);
				}
				else if (c != '{') {
					throw failure("Pryv " + this.what + " answered a '" + this.key + "' item that is "
							+ describe(c) + ", not an object, after " + delivered(), null);
				}
				else {
					beginValue(State.IN_ITEM);
					if (!this.inDeletions) {
						return eventInPlace();
					}
				}
			}
			case AFTER_ITEM -> {
				if (c == ',') {
					consume(1, State.ITEM);
				}
				else if (c == ']') {
					consume(1, State.AFTER_VALUE);
				}
				else {
					throw malformed("',' or ']' between '" + this.key + "' items", c);
				}
			}
			default -> throw failure("Pryv " + this.what
					+ " answered data after the end of its JSON object, after " + delivered(), null);
		}
		return MORE;
	}

	private void beginKey(byte c) {
		if (c != '"') {
			throw malformed("a key", c);
		}
		this.valueStart = this.position;
		this.position++;
		this.inString = true;
		this.escaped = false;
		this.state = State.KEY;
	}

	private Object key() {
		if (!scanString()) {
			return null;
		}
		JsonNode name = readTree(this.valueStart, this.position);
		this.key = name.stringValue();
		this.start = this.position;
		this.state = State.COLON;
		return MORE;
	}

	private void beginValue(State next) {
		this.valueStart = this.position;
		this.start = this.position;
		this.depth = 0;
		this.inString = false;
		this.escaped = false;
		this.state = next;
	}

	private Object rootValue() {
		if (!scanValue()) {
			return null;
		}
		JsonNode value = readTree(this.valueStart, this.position);
		if ("error".equals(this.key) && value.isObject()) {
			throw new PryvApiException(ApiError.from(value), this.httpStatus, API_METHOD);
		}
		if (EVENTS.equals(this.key) || DELETIONS.equals(this.key)) {
			throw failure("Pryv " + this.what + " answered '" + this.key + "' as "
					+ value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not an array", null);
		}
		if ("meta".equals(this.key)) {
			this.meta = value;
		}
		else {
			this.others.put(this.key, value);
		}
		this.start = this.position;
		this.state = State.AFTER_VALUE;
		return MORE;
	}

	/**
	 * Read the event that starts at {@link #valueStart} where it lies in the
	 * input, which spares the boundary scan: almost every event arrived whole.
	 * An event cut by the end of a chunk is read again from its start when the
	 * next chunk comes, as long as it is shorter than {@link #REREAD_LIMIT};
	 * past that, {@link #item()} follows it to its end, so that a huge event
	 * costs a boundary scan, not one read per chunk.
	 * @return the event, or {@code null} when its end has not arrived yet
	 */
	private Object eventInPlace() {
		if (this.jsonHandler != null) {
			return eventJsonInPlace();
		}
		Event event;
		try {
			event = EventBytes.tryParse(this.buffer, this.valueStart, this.limit, this.mapper, this.keyOrder);
		}
		catch (EventBytes.Malformed ex) {
			throw malformedEvent(ex);
		}
		if (event == null) {
			return null;
		}
		this.position = this.valueStart + event.json().length();
		this.start = this.position;
		this.state = State.AFTER_ITEM;
		this.eventsCount++;
		return event;
	}

	/** The pass-through's {@link #eventInPlace()}: the event checked, not read, and handed over in place. */
	private Object eventJsonInPlace() {
		long scanned;
		try {
			scanned = EventBytes.tryScan(this.buffer, this.valueStart, this.limit);
		}
		catch (EventBytes.Malformed ex) {
			throw malformedEvent(ex);
		}
		if (scanned < 0) {
			return null;
		}
		int end = (int) scanned;
		this.position = end;
		this.start = end;
		this.state = State.AFTER_ITEM;
		return handOver(this.valueStart, end, (scanned & EventBytes.MAY_HAVE_ATTACHMENTS) != 0);
	}

	/** Hand {@code buffer[from, to)}, a checked event, to the pass-through's handler. */
	private Object handOver(int from, int to, boolean mayHaveAttachments) {
		this.eventJson.set(this.buffer, from, to, mayHaveAttachments);
		try {
			this.jsonHandler.handle(this.eventJson);
		}
		catch (IOException | RuntimeException ex) {
			this.handlerFailure = new HandlerFailure(ex);
			return MORE;
		}
		finally {
			this.eventJson.invalidate();
		}
		this.eventsCount++;
		return DELIVERED;
	}

	private PryvClientException malformedEvent(EventBytes.Malformed ex) {
		return failure("Pryv " + this.what + " answered malformed JSON after " + delivered() + ": "
				+ ex.getMessage(), null);
	}

	private Object item() {
		if (!scanValue()) {
			return null;
		}
		this.start = this.position;
		this.state = State.AFTER_ITEM;
		if (this.jsonHandler != null && !this.inDeletions) {
			long scanned;
			try {
				scanned = EventBytes.scan(this.buffer, this.valueStart, this.position);
			}
			catch (EventBytes.Malformed ex) {
				throw malformedEvent(ex);
			}
			return handOver(this.valueStart, this.position, scanned != 0);
		}
		byte[] bytes = Arrays.copyOfRange(this.buffer, this.valueStart, this.position);
		if (this.inDeletions) {
			EventDeletion deletion = EventDeletion.from(readTree(bytes, 0, bytes.length));
			this.deletionsCount++;
			return this.emitDeletions ? deletion : MORE;
		}
		Event event;
		try {
			event = EventBytes.parse(bytes, this.mapper);
		}
		catch (EventBytes.Malformed ex) {
			throw malformedEvent(ex);
		}
		this.eventsCount++;
		return event;
	}

	/**
	 * Follow the value that starts at {@link #valueStart} (resuming where the
	 * last chunk ended) to its end: an object or array to its closing bracket,
	 * a string to its closing quote, a number or literal to the next delimiter.
	 * @return whether it is complete ({@link #position} is then just after it)
	 */
	private boolean scanValue() {
		byte first = this.buffer[this.valueStart];
		if (first == '"') {
			if (this.position == this.valueStart) {
				this.position++;
				this.inString = true;
			}
			return scanString();
		}
		if (first != '{' && first != '[') {
			int i = Math.max(this.position, this.valueStart);
			while (i < this.limit) {
				byte c = this.buffer[i];
				if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
					this.position = i;
					return true;
				}
				i++;
			}
			this.position = i;
			return false;
		}
		byte[] bytes = this.buffer;
		int i = this.position;
		int end = this.limit;
		int level = this.depth;
		boolean string = this.inString;
		boolean escape = this.escaped;
		while (i < end) {
			byte c = bytes[i++];
			if (string) {
				if (escape) {
					escape = false;
				}
				else if (c == '\\') {
					escape = true;
				}
				else if (c == '"') {
					string = false;
				}
			}
			else if (c == '"') {
				string = true;
			}
			else if (c == '{' || c == '[') {
				level++;
			}
			else if ((c == '}' || c == ']') && --level == 0) {
				this.position = i;
				this.depth = 0;
				this.inString = false;
				this.escaped = false;
				return true;
			}
		}
		this.position = i;
		this.depth = level;
		this.inString = string;
		this.escaped = escape;
		return false;
	}

	/** Follow a string whose opening quote was read to its closing quote. */
	private boolean scanString() {
		int i = this.position;
		boolean escape = this.escaped;
		while (i < this.limit) {
			byte c = this.buffer[i++];
			if (escape) {
				escape = false;
			}
			else if (c == '\\') {
				escape = true;
			}
			else if (c == '"') {
				this.position = i;
				this.inString = false;
				this.escaped = false;
				return true;
			}
		}
		this.position = i;
		this.escaped = escape;
		return false;
	}

	private void end() {
		consume(1, State.DONE);
		if (!this.sawEvents) {
			throw notPryv("an object without 'events' (keys: " + rootKeys() + "), not a Pryv answer");
		}
	}

	private void consume(int bytes, State next) {
		this.position += bytes;
		this.start = this.position;
		this.state = next;
	}

	/** Skip white space; @return whether a byte is left to read */
	private boolean skipWhitespace() {
		while (this.position < this.limit) {
			byte c = this.buffer[this.position];
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				this.start = this.position;
				return true;
			}
			this.position++;
		}
		this.start = this.position;
		return false;
	}

	private JsonNode readTree(int from, int to) {
		return readTree(this.buffer, from, to - from);
	}

	private JsonNode readTree(byte[] bytes, int from, int length) {
		try {
			return this.mapper.readTree(bytes, from, length);
		}
		catch (JacksonException ex) {
			throw failure("Pryv " + this.what + " answered malformed JSON after " + delivered() + ": "
					+ ex.getOriginalMessage(), ex);
		}
	}

	private void throwPending() {
		if (this.pending != null) {
			throw this.pending;
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

	private static String describe(byte c) {
		return switch (c) {
			case '[' -> "an array";
			case '"' -> "a string";
			case 't', 'f' -> "a boolean";
			case 'n' -> "null";
			default -> (c == '-' || (c >= '0' && c <= '9')) ? "a number"
					: "'" + new String(new byte[] { c }, StandardCharsets.ISO_8859_1) + "'";
		};
	}

	private PryvClientException cut() {
		if (this.head == null) {
			return notPryv("an empty body");
		}
		return failure(
				"Pryv " + this.what + " was cut: the answer ended before its JSON was complete, after " + delivered(),
				null);
	}

	private PryvClientException malformed(String expected, byte found) {
		return failure("Pryv " + this.what + " answered malformed JSON after " + delivered() + ": expected " + expected
				+ ", found " + describe(found), null);
	}

}
