package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object exactly as the platform sent it, every field kept. Streamed
 * events keep their original bytes here and are parsed into a tree only when
 * {@link #asObject()} is asked for, so a pass-through (NDJSON, say) costs no
 * tree and no re-serialization. Immutable and thread-safe.
 */
public final class RawJson {

	private volatile byte[] bytes;

	private volatile ObjectNode object;

	private RawJson(byte[] bytes, ObjectNode object) {
		this.bytes = bytes;
		this.object = object;
	}

	/** Wrap the UTF-8 bytes of a JSON object (not copied: the caller hands them over). */
	static RawJson ofBytes(byte[] bytes) {
		return new RawJson(bytes, null);
	}

	/**
	 * @param object a parsed JSON object (not copied: treat it as read-only afterwards)
	 * @return its raw form
	 */
	public static RawJson of(ObjectNode object) {
		if (object == null) {
			throw new PryvClientException("A raw JSON object is null");
		}
		return new RawJson(null, object);
	}

	/**
	 * The object as a tree, parsed on first use and then cached. Treat it as
	 * read-only: it is shared by every caller.
	 * @return the object
	 */
	public ObjectNode asObject() {
		ObjectNode parsed = this.object;
		if (parsed == null) {
			JsonNode tree = Json.DEFAULT_MAPPER.readTree(this.bytes);
			parsed = Json.object(tree, "a raw JSON value");
			this.object = parsed;
		}
		return parsed;
	}

	/** @return the object's JSON text, UTF-8 encoded (a copy) */
	public byte[] toBytes() {
		return bytes().clone();
	}

	/**
	 * Write the object's JSON text, UTF-8 encoded, without copying it (the bytes
	 * as received, for a streamed event).
	 * @param out where to write
	 * @throws IOException if writing fails
	 */
	public void writeTo(OutputStream out) throws IOException {
		out.write(bytes());
	}

	/**
	 * Write the object's JSON text less the {@code readToken} of the objects in
	 * its {@code attachments} array, cut out of the bytes (the rest byte for byte).
	 */
	void writeWithoutReadTokensTo(OutputStream out) throws IOException {
		ReadTokenStripper.write(bytes(), out);
	}

	/** @return the size of the JSON text in bytes */
	public int length() {
		return bytes().length;
	}

	private byte[] bytes() {
		byte[] text = this.bytes;
		if (text == null) {
			text = Json.DEFAULT_MAPPER.writeValueAsBytes(this.object);
			this.bytes = text;
		}
		return text;
	}

	/** @return the compact JSON text, as received when it was received */
	@Override
	public String toString() {
		return new String(bytes(), StandardCharsets.UTF_8);
	}

	/** @return whether the other is the same JSON object (same fields and values, in any layout) */
	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof RawJson that)) {
			return false;
		}
		if (this.object == null && that.object == null) {
			return Arrays.equals(this.bytes, that.bytes) || asObject().equals(that.asObject());
		}
		return asObject().equals(that.asObject());
	}

	@Override
	public int hashCode() {
		return asObject().hashCode();
	}

}
