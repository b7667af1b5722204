package io.pryv.client;

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
 */
final class EventBytes {

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

	private static final byte[] ID = key("id");

	private static final byte[] TYPE = key("type");

	private static final byte[] TIME = key("time");

	private static final byte[] CONTENT = key("content");

	private static final byte[] CREATED = key("created");

	private static final byte[] DELETED = key("deleted");

	private static final byte[] TRASHED = key("trashed");

	private static final byte[] DURATION = key("duration");

	private static final byte[] MODIFIED = key("modified");

	private static final byte[] STREAM_IDS = key("streamIds");

	private static final byte[] CREATED_BY = key("createdBy");

	private static final byte[] INTEGRITY = key("integrity");

	private static final byte[] CLIENT_DATA = key("clientData");

	private static final byte[] MODIFIED_BY = key("modifiedBy");

	private static final byte[] ATTACHMENTS = key("attachments");

	private final byte[] b;

	private final int end;

	private final JsonMapper mapper;

	private int p;

	private EventBytes(byte[] bytes, JsonMapper mapper) {
		this.b = bytes;
		this.end = bytes.length;
		this.mapper = mapper;
	}

	private static byte[] key(String name) {
		return name.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * @param bytes exactly one JSON object (kept, not copied, as the event's raw JSON)
	 * @param mapper the mapper that reads nested values into trees
	 * @return the event
	 * @throws Malformed if the bytes are not one valid JSON object
	 */
	static Event parse(byte[] bytes, JsonMapper mapper) {
		return new EventBytes(bytes, mapper).event();
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
			while (true) {
				int keyStart = this.p + 1;
				boolean plainKey = skipString();
				int keyEnd = this.p - 1;
				skipWhitespace();
				expect(':');
				skipWhitespace();
				byte[] name = plainKey ? knownKey(keyStart, keyEnd) : null;
				if (name == ID) {
					id = text();
				}
				else if (name == TYPE) {
					type = text();
				}
				else if (name == TIME) {
					time = number();
				}
				else if (name == CONTENT) {
					content = tree();
				}
				else if (name == CREATED) {
					created = number();
				}
				else if (name == DELETED) {
					deleted = number();
				}
				else if (name == TRASHED) {
					trashed = isTrue();
				}
				else if (name == DURATION) {
					duration = number();
				}
				else if (name == MODIFIED) {
					modified = number();
				}
				else if (name == STREAM_IDS) {
					streamIds = texts();
				}
				else if (name == CREATED_BY) {
					createdBy = text();
				}
				else if (name == INTEGRITY) {
					integrity = text();
				}
				else if (name == CLIENT_DATA) {
					clientData = tree();
				}
				else if (name == MODIFIED_BY) {
					modifiedBy = text();
				}
				else if (name == ATTACHMENTS) {
					attachments = tree();
				}
				else {
					skipValue(1);
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
		skipWhitespace();
		if (this.p != this.end) {
			throw malformed("the end of the event", this.p);
		}
		return new Event(id, streamIds, type, time, duration, content, clientData, Attachment.listFrom(attachments),
				integrity, created, createdBy, modified, modifiedBy, trashed, deleted, RawJson.ofBytes(this.b));
	}

	/** @return the constant of a known key (compared by identity), or {@code null} */
	private byte[] knownKey(int from, int to) {
		int length = to - from;
		byte[][] candidates = switch (length) {
			case 2 -> new byte[][] { ID };
			case 4 -> new byte[][] { TYPE, TIME };
			case 7 -> new byte[][] { CONTENT, CREATED, DELETED, TRASHED };
			case 8 -> new byte[][] { DURATION, MODIFIED };
			case 9 -> new byte[][] { STREAM_IDS, CREATED_BY, INTEGRITY };
			case 10 -> new byte[][] { CLIENT_DATA, MODIFIED_BY };
			case 11 -> new byte[][] { ATTACHMENTS };
			default -> null;
		};
		if (candidates != null) {
			for (byte[] candidate : candidates) {
				if (Arrays.equals(this.b, from, to, candidate, 0, length)) {
					return candidate;
				}
			}
		}
		return null;
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
		List<String> texts = new ArrayList<>(2);
		while (true) {
			if (peek() == '"') {
				texts.add(text());
			}
			else {
				skipValue(2);
			}
			skipWhitespace();
			byte next = next();
			if (next == ']') {
				return Collections.unmodifiableList(texts);
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
				throw malformed("a digit after '.'", this.p);
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
				throw malformed("a digit in the exponent", this.p);
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
		while (i < this.end) {
			byte c = this.b[i];
			if (c == '"') {
				this.p = i + 1;
				return plain;
			}
			if (c == '\\') {
				plain = false;
				i = skipEscape(i);
				continue;
			}
			if (c >= 0 && c < 0x20) {
				throw malformed("no control character in a string", i);
			}
			if (c < 0) {
				plain = false;
			}
			i++;
		}
		throw malformed("the end of a string", this.end);
	}

	/** @return the index after the escape sequence starting at {@code backslash} */
	private int skipEscape(int backslash) {
		int i = backslash + 1;
		byte kind = (i < this.end) ? this.b[i] : 0;
		switch (kind) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
				return i + 1;
			}
			case 'u' -> {
				for (int h = i + 1; h <= i + 4; h++) {
					byte c = (h < this.end) ? this.b[h] : 0;
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
					readNumber();
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
			throw malformed("'" + word + "'", this.p);
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
			throw malformed("more JSON", this.p);
		}
		return this.b[this.p];
	}

	private byte next() {
		byte c = peek();
		this.p++;
		return c;
	}

	private Malformed malformed(String expected, int at) {
		String found = (at >= this.end) ? "the end of the event"
				: "'" + (char) (this.b[at] & 0xff) + "'";
		return new Malformed("expected " + expected + " at byte " + at + " of the event, found " + found);
	}

}
