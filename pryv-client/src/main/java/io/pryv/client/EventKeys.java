package io.pryv.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of an event that {@link Event} types, recognised straight from the
 * bytes of a key: each known key has a code (the constants here), and a key is
 * matched by one or two word compares and its closing quote instead of being
 * read as a string.
 */
final class EventKeys {

	static final int UNKNOWN = -1;

	static final int ID = 0;

	static final int TYPE = 1;

	static final int TIME = 2;

	static final int CONTENT = 3;

	static final int CREATED = 4;

	static final int DELETED = 5;

	static final int TRASHED = 6;

	static final int DURATION = 7;

	static final int MODIFIED = 8;

	static final int STREAM_IDS = 9;

	static final int CREATED_BY = 10;

	static final int INTEGRITY = 11;

	static final int CLIENT_DATA = 12;

	static final int MODIFIED_BY = 13;

	static final int ATTACHMENTS = 14;

	/** The names, by code. */
	private static final String[] NAMES = { "id", "type", "time", "content", "created", "deleted", "trashed",
			"duration", "modified", "streamIds", "createdBy", "integrity", "clientData", "modifiedBy", "attachments" };

	/** Bytes a match may read past the key's opening quote: two words. */
	static final int MATCH_WINDOW = 16;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final Key[] KEYS = keys();

	/** The known keys, by their first byte. */
	private static final Key[][] BY_FIRST_BYTE = byFirstByte();

	/**
	 * The keys of the last event read, in their order: the events of one answer
	 * share their layout, so the key at each position is checked first against
	 * the one the previous event had there (one compare instead of a search).
	 */
	static final class Order {

		private final Key[] keys = new Key[32];

	}

	/** A known key as little-endian words: bytes 0-7 and 8-15, with the masks of its length. */
	private record Key(int code, int length, long word0, long mask0, long word1, long mask1) {

		static Key of(int code) {
			byte[] bytes = NAMES[code].getBytes(StandardCharsets.US_ASCII);
			long[] words = new long[2];
			for (int i = 0; i < bytes.length; i++) {
				words[i / 8] |= (bytes[i] & 0xffL) << (8 * (i % 8));
			}
			return new Key(code, bytes.length, words[0], mask(Math.min(8, bytes.length)), words[1],
					mask(Math.max(0, bytes.length - 8)));
		}

		private static long mask(int bytes) {
			return (bytes >= 8) ? -1L : (1L << (8 * bytes)) - 1;
		}

		boolean isAt(byte[] bytes, int from, long first) {
			return (first & this.mask0) == this.word0 && bytes[from + this.length] == '"'
					&& (this.length <= 8 || ((long) LONGS.get(bytes, from + 8) & this.mask1) == this.word1);
		}

	}

	private EventKeys() {
	}

	private static Key[] keys() {
		Key[] keys = new Key[NAMES.length];
		for (int code = 0; code < NAMES.length; code++) {
			keys[code] = Key.of(code);
		}
		return keys;
	}

	private static Key[][] byFirstByte() {
		Key[][] byFirst = new Key[128][];
		for (Key key : KEYS) {
			int first = NAMES[key.code()].charAt(0);
			Key[] same = (byFirst[first] != null) ? byFirst[first] : new Key[0];
			same = Arrays.copyOf(same, same.length + 1);
			same[same.length - 1] = key;
			byFirst[first] = same;
		}
		return byFirst;
	}

	/**
	 * Match a known key and its closing quote; the caller makes sure that
	 * {@code from + MATCH_WINDOW <= } the end of the input.
	 * @param bytes the input
	 * @param from the first byte of the key, after its opening quote
	 * @param order the key order of the previous events, or {@code null}
	 * @param index the key's position in its event (for the order)
	 * @return the key's code, or {@link #UNKNOWN}
	 */
	static int match(byte[] bytes, int from, Order order, int index) {
		long first = (long) LONGS.get(bytes, from);
		boolean remembered = order != null && index < order.keys.length;
		Key predicted = remembered ? order.keys[index] : null;
		if (predicted != null && predicted.isAt(bytes, from, first)) {
			return predicted.code();
		}
		Key[] candidates = BY_FIRST_BYTE[bytes[from] & 0x7f];
		if (candidates != null) {
			for (Key key : candidates) {
				if (key.isAt(bytes, from, first)) {
					if (remembered) {
						order.keys[index] = key;
					}
					return key.code();
				}
			}
		}
		return UNKNOWN;
	}

	/**
	 * @param bytes the input
	 * @param from the first byte of a plain (unescaped ASCII) key
	 * @param to the end of the key (its closing quote)
	 * @return the key's code, or {@link #UNKNOWN}
	 */
	static int code(byte[] bytes, int from, int to) {
		int length = to - from;
		for (int code = 0; code < NAMES.length; code++) {
			String name = NAMES[code];
			if (name.length() == length && sameBytes(bytes, from, name)) {
				return code;
			}
		}
		return UNKNOWN;
	}

	/** @return the length in bytes of a known key */
	static int length(int code) {
		return KEYS[code].length();
	}

	private static boolean sameBytes(byte[] bytes, int from, String name) {
		for (int i = 0; i < name.length(); i++) {
			if (bytes[from + i] != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

}
