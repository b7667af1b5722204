package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes an event's JSON bytes without the {@code readToken} of its
 * attachments, by cutting those members out of the original bytes: no tree,
 * no re-serialization, every other byte (layout, number forms, escapes, key
 * order) as the platform sent it.
 * <p>
 * Only the {@code readToken} members of the objects in the event's top-level
 * {@code attachments} array are cut, with the comma that joined them to a
 * neighbour; keys are compared after unescaping, so an escaped spelling
 * ({@code "read\u0054oken"}) is cut too. The input must be one valid JSON
 * object, as every {@link RawJson} is.
 */
final class ReadTokenStripper {

	private static final byte[] ATTACHMENTS = "attachments".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] READ_TOKEN = "readToken".getBytes(StandardCharsets.US_ASCII);

	private final byte[] b;

	private int p;

	/** Byte ranges to leave out, as pairs {@code [from, to)}, in order. */
	private int[] cuts = new int[8];

	private int cutCount;

	private ReadTokenStripper(byte[] bytes, int from) {
		this.b = bytes;
		this.p = from;
	}

	/**
	 * Write {@code json} without its attachments' read tokens.
	 * @param json one JSON object (an event)
	 * @param out where to write
	 * @throws IOException if writing fails
	 */
	static void write(byte[] json, OutputStream out) throws IOException {
		write(json, 0, json.length, out);
	}

	/**
	 * Write {@code json[from, to)} without its attachments' read tokens.
	 * @param json a buffer holding one JSON object (an event) at {@code [from, to)}
	 * @param from where the object starts
	 * @param to where it ends (exclusive)
	 * @param out where to write
	 * @throws IOException if writing fails
	 */
	static void write(byte[] json, int from, int to, OutputStream out) throws IOException {
		ReadTokenStripper stripper = new ReadTokenStripper(json, from);
		stripper.event();
		int next = from;
		for (int i = 0; i < stripper.cutCount; i += 2) {
			out.write(json, next, stripper.cuts[i] - next);
			next = stripper.cuts[i + 1];
		}
		out.write(json, next, to - next);
	}

	/**
	 * @param json one JSON object (an event)
	 * @return its bytes without its attachments' read tokens (the same array when there are none)
	 */
	static byte[] strip(byte[] json) {
		ReadTokenStripper stripper = new ReadTokenStripper(json, 0);
		stripper.event();
		if (stripper.cutCount == 0) {
			return json;
		}
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length);
		try {
			write(json, out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	private void event() {
		skipWhitespace();
		expect('{');
		skipWhitespace();
		if (this.b[this.p] == '}') {
			return;
		}
		while (true) {
			boolean attachments = keyIs(ATTACHMENTS);
			skipWhitespace();
			expect(':');
			skipWhitespace();
			if (attachments && this.b[this.p] == '[') {
				attachments();
			}
			else {
				skipValue();
			}
			skipWhitespace();
			if (this.b[this.p++] == '}') {
				return;
			}
			skipWhitespace();
		}
	}

	private void attachments() {
		this.p++;
		skipWhitespace();
		if (this.b[this.p] == ']') {
			this.p++;
			return;
		}
		while (true) {
			if (this.b[this.p] == '{') {
				attachment();
			}
			else {
				skipValue();
			}
			skipWhitespace();
			if (this.b[this.p++] == ']') {
				return;
			}
			skipWhitespace();
		}
	}

	/** One attachment object: cut its {@code readToken} members. */
	private void attachment() {
		int open = this.p++;
		skipWhitespace();
		if (this.b[this.p] == '}') {
			this.p++;
			return;
		}
		boolean keptBefore = false;
		int previousValueEnd = open + 1;
		int pendingCutFrom = -1;
		while (true) {
			int keyStart = this.p;
			if (pendingCutFrom >= 0) {
				// the member before was cut and had no kept member before it: cut up to this key
				addCut(pendingCutFrom, keyStart);
				pendingCutFrom = -1;
			}
			boolean readToken = keyIs(READ_TOKEN);
			skipWhitespace();
			expect(':');
			skipWhitespace();
			skipValue();
			int valueEnd = this.p;
			if (readToken) {
				if (keptBefore) {
					addCut(previousValueEnd, valueEnd);
				}
				else {
					pendingCutFrom = keyStart;
				}
			}
			else {
				keptBefore = true;
			}
			previousValueEnd = valueEnd;
			skipWhitespace();
			if (this.b[this.p++] == '}') {
				if (pendingCutFrom >= 0) {
					addCut(pendingCutFrom, valueEnd);
				}
				return;
			}
			skipWhitespace();
		}
	}

	private void addCut(int from, int to) {
		if (this.cutCount > 0 && this.cuts[this.cutCount - 1] == from) {
			this.cuts[this.cutCount - 1] = to;
			return;
		}
		if (this.cutCount == this.cuts.length) {
			this.cuts = Arrays.copyOf(this.cuts, this.cuts.length * 2);
		}
		this.cuts[this.cutCount++] = from;
		this.cuts[this.cutCount++] = to;
	}

	/** Read a key; @return whether it is {@code name} (compared unescaped) */
	private boolean keyIs(byte[] name) {
		int start = this.p + 1;
		boolean escaped = skipString();
		int end = this.p - 1;
		if (!escaped) {
			return Arrays.equals(this.b, start, end, name, 0, name.length);
		}
		return new String(name, StandardCharsets.US_ASCII).equals(Json.DEFAULT_MAPPER
			.readTree(this.b, start - 1, end + 1 - (start - 1)).stringValue());
	}

	/** Skip a string at its opening quote; @return whether it had escapes */
	private boolean skipString() {
		expect('"');
		boolean escaped = false;
		while (true) {
			byte c = this.b[this.p++];
			if (c == '"') {
				return escaped;
			}
			if (c == '\\') {
				escaped = true;
				this.p++;
			}
		}
	}

	private void skipValue() {
		byte c = this.b[this.p];
		if (c == '"') {
			skipString();
			return;
		}
		if (c == '{' || c == '[') {
			int depth = 0;
			while (true) {
				c = this.b[this.p];
				if (c == '"') {
					skipString();
					continue;
				}
				this.p++;
				if (c == '{' || c == '[') {
					depth++;
				}
				else if ((c == '}' || c == ']') && --depth == 0) {
					return;
				}
			}
		}
		// a number or a literal: up to the next delimiter
		while (this.p < this.b.length) {
			c = this.b[this.p];
			if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
				return;
			}
			this.p++;
		}
	}

	private void skipWhitespace() {
		while (this.p < this.b.length) {
			byte c = this.b[this.p];
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return;
			}
			this.p++;
		}
	}

	private void expect(char expected) {
		if (this.p >= this.b.length || this.b[this.p] != expected) {
			throw new PryvClientException("Expected '" + expected + "' at byte " + this.p + " of an event's JSON");
		}
		this.p++;
	}

}
