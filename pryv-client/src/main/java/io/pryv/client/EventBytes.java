package io.pryv.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads one complete event object from its UTF-8 bytes in a single strict pass:
 * the typed fields of {@link Event} are decoded straight from the bytes, other
 * fields are checked and skipped (they stay in the original bytes, which become
 * {@link Event#json()} without a copy). Only {@code content}, {@code clientData}
 * and {@code attachments} become trees, and a number or a plain string content
 * needs no parser at all.
 * <p>
 * This is the hot path of {@link EventsStreamParser}: a general tokenizer spends
 * most of its time producing tokens and names that an event reader throws away.
 * Anything that is not valid JSON is reported as a {@link Malformed} with the
 * offset and what was expected.
 * <p>
 * It reads either a complete object ({@link #parse}) or the start of the
 * stream's unread input ({@link #tryParse}), where the object may not have
 * arrived whole yet: then it says so and the caller waits for more input.
 */
final class EventBytes {

	/** Thrown when the input ends inside the object (only by {@link #tryParse}). */
	private static final class Incomplete extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Incomplete() {
			super(null, null, false, false);
		}

	}

	private static final Incomplete INCOMPLETE = new Incomplete();

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final long QUOTES = 0x2222222222222222L;

	private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

	private static final long SPACES = 0x2020202020202020L;

	/** A syntax error in an event, with where and what. */
	static final class Malformed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Malformed(String message) {
			super(message, null, false, false);
		}

	}

	private static final int MAX_DEPTH = 1000;

	private static final int MAX_FAST_DIGITS = 15;

	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
			1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	private final byte[] b;

	private final int from;

	private final int end;

	private final boolean bounded;

	private final JsonMapper mapper;

	private final EventKeys.Order order;

	private int p;

	private EventBytes(byte[] bytes, int from, int end, boolean bounded, JsonMapper mapper, EventKeys.Order order) {
		this.order = order;
		this.b = bytes;
		this.from = from;
		this.p = from;
		this.end = end;
		this.bounded = bounded;
		this.mapper = mapper;
	}

	/**
	 * @param bytes exactly one JSON object (kept, not copied, as the event's raw JSON)
	 * @param mapper the mapper that reads nested values into trees
	 * @return the event
	 * @throws Malformed if the bytes are not one valid JSON object
	 */
	static Event parse(byte[] bytes, JsonMapper mapper) {
		return new EventBytes(bytes, 0, bytes.length, true, mapper, null).event();
	}

	/**
	 * Read the event object that starts at {@code from}, if it is all there.
	 * @param input the stream's input
	 * @param from where the object's {@code '{'} is
	 * @param limit the end of the input received so far
	 * @param mapper the mapper that reads nested values into trees
	 * @param order the key order of the previous events of the same answer (updated)
	 * @return the event (its {@link Event#json()} a copy of its bytes), or
	 * {@code null} when the input ends inside the object
	 * @throws Malformed if what is there is not valid JSON
	 */
	static Event tryParse(byte[] input, int from, int limit, JsonMapper mapper, EventKeys.Order order) {
		try {
			return new EventBytes(input, from, limit, false, mapper, order).event();
		}
		catch (Incomplete ex) {
			return null;
		}
	}

	/**
	 * Check the event object that starts at {@code from}, if it is all there:
	 * that it is one valid JSON object, as strictly as {@link #tryParse} reads it,
	 * without decoding any value (the pass-through of
	 * {@link PryvConnection#streamEventsJson}).
	 * @param input the stream's input
	 * @param from where the object's {@code '{'} is
	 * @param limit the end of the input received so far
	 * @return where the object ends (exclusive), with {@link #MAY_HAVE_ATTACHMENTS}
	 * set when one of its keys is {@code attachments} (or escaped, so perhaps
	 * that); {@code -1} when the input ends inside the object
	 * @throws Malformed if what is there is not valid JSON
	 */
	static long tryScan(byte[] input, int from, int limit) {
		EventBytes scan = new EventBytes(input, from, limit, false, null, null);
		try {
			boolean attachments = scan.scanEvent();
			return scan.p | (attachments ? MAY_HAVE_ATTACHMENTS : 0L);
		}
		catch (Incomplete ex) {
			return -1;
		}
	}

	/**
	 * Check that {@code input[from, to)} is exactly one valid JSON object, as
	 * {@link #tryScan} does for an object whose end is known.
	 * @return {@link #MAY_HAVE_ATTACHMENTS} when one of its keys may be {@code attachments}, else {@code 0}
	 * @throws Malformed if it is not one valid JSON object
	 */
	static long scan(byte[] input, int from, int to) {
		EventBytes scan = new EventBytes(input, from, to, true, null, null);
		boolean attachments = scan.scanEvent();
		scan.skipWhitespace();
		if (scan.p != to) {
			throw scan.malformed("the end of the event", scan.p);
		}
		return attachments ? MAY_HAVE_ATTACHMENTS : 0L;
	}

	/** Set in the result of {@link #tryScan} and {@link #scan} when the event may have attachments. */
	static final long MAY_HAVE_ATTACHMENTS = 1L << 32;

	private static final byte[] ATTACHMENTS_KEY = "attachments".getBytes(StandardCharsets.US_ASCII);

	/** @return whether a key may be {@code attachments}: spelled so, or not plain ASCII (escapes) */
	private boolean scanEvent() {
		expect('{');
		skipWhitespace();
		if (peek() == '}') {
			this.p++;
			return false;
		}
		boolean attachments = false;
		while (true) {
			int keyFrom = this.p + 1;
			boolean plain = skipString();
			attachments |= !plain || Arrays.equals(this.b, keyFrom, this.p - 1, ATTACHMENTS_KEY, 0,
					ATTACHMENTS_KEY.length);
			skipWhitespace();
			expect(':');
			skipWhitespace();
			skipValue(1);
			skipWhitespace();
			byte next = next();
			if (next == '}') {
				return attachments;
			}
			if (next != ',') {
				throw malformed("',' or '}' after a value", this.p - 1);
			}
			skipWhitespace();
		}
	}

	private Event event() {
		String id = null;
		String type = null;
		String integrity = null;
		String createdBy = null;
		String modifiedBy = null;
		List<String> streamIds = List.of();
		Double time = null;
		Double duration = null;
		Double created = null;
		Double modified = null;
		Double deleted = null;
		boolean trashed = false;
		JsonNode content = null;
		JsonNode clientData = null;
		JsonNode attachments = null;
		expect('{');
		skipWhitespace();
		if (peek() == '}') {
			this.p++;
		}
		else {
			int index = 0;
			while (true) {
				int key = readKey(index++);
				skipWhitespace();
				expect(':');
				skipWhitespace();
				switch (key) {
					case EventKeys.ID -> id = text();
					case EventKeys.TYPE -> type = text();
					case EventKeys.TIME -> time = number();
					case EventKeys.CONTENT -> content = tree();
					case EventKeys.CREATED -> created = number();
					case EventKeys.DELETED -> deleted = number();
					case EventKeys.TRASHED -> trashed = isTrue();
					case EventKeys.DURATION -> duration = number();
					case EventKeys.MODIFIED -> modified = number();
					case EventKeys.STREAM_IDS -> streamIds = texts();
					case EventKeys.CREATED_BY -> createdBy = text();
					case EventKeys.INTEGRITY -> integrity = text();
					case EventKeys.CLIENT_DATA -> clientData = tree();
					case EventKeys.MODIFIED_BY -> modifiedBy = text();
					case EventKeys.ATTACHMENTS -> attachments = tree();
					default -> skipValue(1);
				}
				skipWhitespace();
				byte next = next();
				if (next == '}') {
					break;
				}
				if (next != ',') {
					throw malformed("',' or '}' after a value", this.p - 1);
				}
				skipWhitespace();
			}
		}
		byte[] json;
		if (this.bounded) {
			skipWhitespace();
			if (this.p != this.end) {
				throw malformed("the end of the event", this.p);
			}
			json = this.b;
		}
		else {
			json = Arrays.copyOfRange(this.b, this.from, this.p);
		}
		return new Event(id, streamIds, type, time, duration, content, clientData, Attachment.listFrom(attachments),
				integrity, created, createdBy, modified, modifiedBy, trashed, deleted, RawJson.ofBytes(json));
	}

	/**
	 * Read a key.
	 * @return the code of a known key ({@link EventKeys}), or {@link EventKeys#UNKNOWN}
	 */
	private int readKey(int index) {
		if (peek() != '"') {
			throw malformed("a string", this.p);
		}
		int from = this.p + 1;
		if (from + EventKeys.MATCH_WINDOW <= this.end) {
			int key = EventKeys.match(this.b, from, this.order, index);
			if (key != EventKeys.UNKNOWN) {
				this.p = from + EventKeys.length(key) + 1;
				return key;
			}
		}
		boolean plain = skipString();
		return plain ? EventKeys.code(this.b, from, this.p - 1) : EventKeys.UNKNOWN;
	}

	/** A string (or the text of a number or boolean); {@code null} for null and containers. */
	private String text() {
		byte first = peek();
		if (first == '"') {
			int start = this.p + 1;
			if (skipString()) {
				return new String(this.b, start, this.p - 1 - start, StandardCharsets.ISO_8859_1);
			}
			return readTree(start - 1, this.p).stringValue();
		}
		int start = this.p;
		skipValue(1);
		return (first == '{' || first == '[' || first == 'n') ? null
				: new String(this.b, start, this.p - start, StandardCharsets.ISO_8859_1);
	}

	/** A number as a double; {@code null} for anything else. */
	private Double number() {
		byte first = peek();
		if (first == '-' || (first >= '0' && first <= '9')) {
			return readNumber();
		}
		skipValue(1);
		return null;
	}

	private boolean isTrue() {
		boolean isTrue = peek() == 't';
		skipValue(1);
		return isTrue;
	}

	/** The strings of an array (other items skipped); empty for anything but an array. */
	private List<String> texts() {
		if (peek() != '[') {
			skipValue(1);
			return List.of();
		}
		this.p++;
		skipWhitespace();
		if (peek() == ']') {
			this.p++;
			return List.of();
		}
		List<String> texts = null;
		String first = null;
		while (true) {
			String text = null;
			if (peek() == '"') {
				text = text();
			}
			else {
				skipValue(2);
			}
			if (text != null) {
				if (first == null && texts == null) {
					first = text;
				}
				else {
					if (texts == null) {
						texts = new ArrayList<>(4);
						texts.add(first);
					}
					texts.add(text);
				}
			}
			skipWhitespace();
			byte next = next();
			if (next == ']') {
				if (texts != null) {
					return Collections.unmodifiableList(texts);
				}
				return (first != null) ? List.of(first) : List.of();
			}
			if (next != ',') {
				throw malformed("',' or ']' in an array", this.p - 1);
			}
			skipWhitespace();
		}
	}

	/** Any value as a tree ({@code null} for JSON null): small ints and plain strings without a parser. */
	private JsonNode tree() {
		byte first = peek();
		int start = this.p;
		if (first == 'n') {
			skipValue(1);
			return null;
		}
		if (first == '"') {
			if (skipString()) {
				return JsonNodeFactory.instance.stringNode(
						new String(this.b, start + 1, this.p - 2 - start, StandardCharsets.ISO_8859_1));
			}
			return readTree(start, this.p);
		}
		if (first == '-' || (first >= '0' && first <= '9')) {
			int digits = 0;
			boolean integer = true;
			int value = 0;
			int i = (first == '-') ? start + 1 : start;
			readNumber();
			for (; i < this.p; i++) {
				byte c = this.b[i];
				if (c < '0' || c > '9') {
					integer = false;
					break;
				}
				value = value * 10 + (c - '0');
				digits++;
			}
			if (integer && digits <= 9) {
				return JsonNodeFactory.instance.numberNode((first == '-') ? -value : value);
			}
			return readTree(start, this.p);
		}
		skipValue(1);
		return readTree(start, this.p);
	}

	private JsonNode readTree(int from, int to) {
		try {
			return this.mapper.readTree(this.b, from, to - from);
		}
		catch (JacksonException ex) {
			throw malformed("a valid value (" + ex.getOriginalMessage() + ")", from);
		}
	}

	/**
	 * Read a number with the JSON grammar; most values (up to 15 significant
	 * digits, exponent within 22) are computed exactly without a text copy.
	 */
	private double readNumber() {
		int start = this.p;
		boolean negative = false;
		if (peek() == '-') {
			negative = true;
			this.p++;
		}
		long mantissa = 0;
		int digits = 0;
		int exponent = 0;
		byte c = peek();
		if (c == '0') {
			this.p++;
		}
		else if (c >= '1' && c <= '9') {
			long word;
			while (digits <= 10 && this.p + 8 <= this.end && isEightDigits(word = (long) LONGS.get(this.b, this.p))) {
				mantissa = mantissa * 100_000_000L + eightDigits(word);
				digits += 8;
				this.p += 8;
			}
			while (this.p < this.end && (c = this.b[this.p]) >= '0' && c <= '9') {
				if (digits < 18) {
					mantissa = mantissa * 10 + (c - '0');
					digits++;
				}
				else {
					exponent++;
					digits++;
				}
				this.p++;
			}
		}
		else {
			throw malformed("a digit", this.p);
		}
		if (this.p < this.end && this.b[this.p] == '.') {
			this.p++;
			int fractionStart = this.p;
			long word;
			while (digits <= 10 && this.p + 8 <= this.end && isEightDigits(word = (long) LONGS.get(this.b, this.p))) {
				mantissa = mantissa * 100_000_000L + eightDigits(word);
				exponent -= 8;
				digits += (mantissa != 0) ? 8 : 0;
				this.p += 8;
			}
			while (this.p < this.end && (c = this.b[this.p]) >= '0' && c <= '9') {
				if (digits < 18) {
					mantissa = mantissa * 10 + (c - '0');
					exponent--;
					if (mantissa != 0) {
						digits++;
					}
				}
				this.p++;
			}
			if (this.p == fractionStart) {
				throw (this.p >= this.end) ? endOfInput() : malformed("a digit after '.'", this.p);
			}
		}
		if (this.p < this.end && (this.b[this.p] == 'e' || this.b[this.p] == 'E')) {
			this.p++;
			boolean negativeExponent = false;
			if (this.p < this.end && (this.b[this.p] == '+' || this.b[this.p] == '-')) {
				negativeExponent = this.b[this.p] == '-';
				this.p++;
			}
			int exponentStart = this.p;
			int written = 0;
			while (this.p < this.end && (c = this.b[this.p]) >= '0' && c <= '9') {
				written = (written < 100000) ? written * 10 + (c - '0') : written;
				this.p++;
			}
			if (this.p == exponentStart) {
				throw (this.p >= this.end) ? endOfInput() : malformed("a digit in the exponent", this.p);
			}
			exponent += negativeExponent ? -written : written;
		}
		if (digits <= MAX_FAST_DIGITS && exponent >= -22 && exponent <= 22) {
			// Clinger's fast path: both operands are exact doubles, so one rounding
			double value = (exponent >= 0) ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
			return negative ? -value : value;
		}
		return Double.parseDouble(new String(this.b, start, this.p - start, StandardCharsets.ISO_8859_1));
	}

	/** Check a number's syntax, as {@link #readNumber()} reads it, without computing its value. */
	private void skipNumber() {
		if (peek() == '-') {
			this.p++;
		}
		byte c = peek();
		if (c == '0') {
			this.p++;
		}
		else if (c >= '1' && c <= '9') {
			skipDigits();
		}
		else {
			throw malformed("a digit", this.p);
		}
		if (this.p < this.end && this.b[this.p] == '.') {
			int fractionStart = ++this.p;
			skipDigits();
			if (this.p == fractionStart) {
				throw (this.p >= this.end) ? endOfInput() : malformed("a digit after '.'", this.p);
			}
		}
		if (this.p < this.end && (this.b[this.p] == 'e' || this.b[this.p] == 'E')) {
			this.p++;
			if (this.p < this.end && (this.b[this.p] == '+' || this.b[this.p] == '-')) {
				this.p++;
			}
			int exponentStart = this.p;
			skipDigits();
			if (this.p == exponentStart) {
				throw (this.p >= this.end) ? endOfInput() : malformed("a digit in the exponent", this.p);
			}
		}
	}

	private void skipDigits() {
		while (this.p + 8 <= this.end && isEightDigits((long) LONGS.get(this.b, this.p))) {
			this.p += 8;
		}
		byte c;
		while (this.p < this.end && (c = this.b[this.p]) >= '0' && c <= '9') {
			this.p++;
		}
	}

	/** @return whether the eight bytes of a little-endian word are all ASCII digits */
	private static boolean isEightDigits(long word) {
		return ((word & 0xF0F0F0F0F0F0F0F0L) | (((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
				== 0x3333333333333333L;
	}

	/** @return the value of eight ASCII digits in a little-endian word (the first digit in its low byte) */
	private static long eightDigits(long word) {
		long value = word - 0x3030303030303030L;
		value = (value * 10) + (value >>> 8);
		return (((value & 0x000000FF000000FFL) * 0x000F424000000064L)
				+ (((value >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32;
	}

	/**
	 * Skip a string, the current byte being its opening quote.
	 * @return whether it was plain: ASCII without escapes (then its bytes are its text)
	 */
	private boolean skipString() {
		if (peek() != '"') {
			throw malformed("a string", this.p);
		}
		int i = this.p + 1;
		boolean plain = true;
		while (true) {
			while (i + 8 <= this.end) {
				long special = specialBytes((long) LONGS.get(this.b, i));
				if (special != 0) {
					i += Long.numberOfTrailingZeros(special) >>> 3;
					break;
				}
				i += 8;
			}
			if (i >= this.end) {
				throw endOfInput();
			}
			byte c = this.b[i];
			if (c == '"') {
				this.p = i + 1;
				return plain;
			}
			if (c == '\\') {
				plain = false;
				i = skipEscape(i);
			}
			else if (c >= 0 && c < 0x20) {
				throw malformed("no control character in a string", i);
			}
			else {
				plain &= c >= 0;
				i++;
			}
		}
	}

	/**
	 * The bytes of a little-endian word that stop a plain string: a quote, a
	 * backslash, a control or a non-ASCII byte. The lowest flagged byte is exact
	 * (the borrows that may flag others only run upwards from a flagged byte).
	 * @return the high bit of each such byte, the others clear
	 */
	private static long specialBytes(long word) {
		long quotes = word ^ QUOTES;
		long backslashes = word ^ BACKSLASHES;
		return (((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes) | (word - SPACES) | word)
				& HIGH_BITS;
	}

	/** @return the index after the escape sequence starting at {@code backslash} */
	private int skipEscape(int backslash) {
		int i = backslash + 1;
		if (i + 1 > this.end) {
			throw endOfInput();
		}
		byte kind = this.b[i];
		switch (kind) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
				return i + 1;
			}
			case 'u' -> {
				if (i + 5 > this.end) {
					throw endOfInput();
				}
				for (int h = i + 1; h <= i + 4; h++) {
					byte c = this.b[h];
					if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
						throw malformed("a hex digit in a \\u escape", h);
					}
				}
				return i + 5;
			}
			default -> throw malformed("a valid escape after '\\'", i);
		}
	}

	private void skipValue(int depth) {
		if (depth > MAX_DEPTH) {
			throw malformed("at most " + MAX_DEPTH + " levels of nesting", this.p);
		}
		byte c = peek();
		switch (c) {
			case '"' -> skipString();
			case '{' -> skipObject(depth);
			case '[' -> skipArray(depth);
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					skipNumber();
				}
				else {
					throw malformed("a value", this.p);
				}
			}
		}
	}

	private void skipObject(int depth) {
		this.p++;
		skipWhitespace();
		if (peek() == '}') {
			this.p++;
			return;
		}
		while (true) {
			skipString();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			skipValue(depth + 1);
			skipWhitespace();
			byte next = next();
			if (next == '}') {
				return;
			}
			if (next != ',') {
				throw malformed("',' or '}' in an object", this.p - 1);
			}
			skipWhitespace();
		}
	}

	private void skipArray(int depth) {
		this.p++;
		skipWhitespace();
		if (peek() == ']') {
			this.p++;
			return;
		}
		while (true) {
			skipValue(depth + 1);
			skipWhitespace();
			byte next = next();
			if (next == ']') {
				return;
			}
			if (next != ',') {
				throw malformed("',' or ']' in an array", this.p - 1);
			}
			skipWhitespace();
		}
	}

	private void literal(String word) {
		int length = word.length();
		if (this.p + length > this.end) {
			throw endOfInput();
		}
		for (int i = 0; i < length; i++) {
			if (this.b[this.p + i] != word.charAt(i)) {
				throw malformed("'" + word + "'", this.p);
			}
		}
		this.p += length;
	}

	private void skipWhitespace() {
		while (this.p < this.end) {
			byte c = this.b[this.p];
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return;
			}
			this.p++;
		}
	}

	private void expect(char expected) {
		if (peek() != expected) {
			throw malformed("'" + expected + "'", this.p);
		}
		this.p++;
	}

	private byte peek() {
		if (this.p >= this.end) {
			throw endOfInput();
		}
		return this.b[this.p];
	}

	/** The input ended inside the object: malformed for a complete object, else wait for more. */
	private RuntimeException endOfInput() {
		return this.bounded ? malformed("more JSON", this.end) : INCOMPLETE;
	}

	private byte next() {
		byte c = peek();
		this.p++;
		return c;
	}

	private Malformed malformed(String expected, int at) {
		String found = (at >= this.end) ? "the end of the event"
				: "'" + (char) (this.b[at] & 0xff) + "'";
		return new Malformed("expected " + expected + " at byte " + (at - this.from) + " of the event, found " + found);
	}

}
