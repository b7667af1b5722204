package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import tools.jackson.databind.json.JsonMapper;

/**
 * One event of {@link PryvConnection#streamEventsJson} as the platform sent
 * it: its JSON bytes where they lie in the stream's input buffer, checked to be
 * one valid JSON object but not decoded (no field read, no {@code String}, no
 * tree, no copy). It is what a proxy passes on: an NDJSON or JSON-array
 * download of a portal, say, at close to the speed the platform sends.
 * <p>
 * <b>Valid only during the call of its {@link Handler}</b>: the buffer is
 * reused for the next events, so the same instance is handed over each time and
 * any use after the handler returned fails with an
 * {@link IllegalStateException}; keep {@link #toBytes()} or {@link #toEvent()}
 * instead. Not thread-safe.
 */
public final class EventJson {

	/**
	 * Handles each event of a stream, in order, on the thread that reads the
	 * answer: a slow handler slows the transfer down; an exception it throws
	 * stops the transfer and is rethrown by the stream.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * @param event the event's bytes, valid during this call only
		 * @throws IOException if passing it on fails (the stream then stops and rethrows it)
		 */
		void handle(EventJson event) throws IOException;

	}

	private final JsonMapper mapper;

	private byte[] bytes;

	private int from;

	private int to = -1;

	private boolean mayHaveAttachments;

	EventJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** Point at the next event: {@code bytes[from, to)}, one valid JSON object. */
	void set(byte[] bytes, int from, int to, boolean mayHaveAttachments) {
		this.bytes = bytes;
		this.from = from;
		this.to = to;
		this.mayHaveAttachments = mayHaveAttachments;
	}

	/** The handler returned: the bytes are no longer this event's. */
	void invalidate() {
		this.bytes = null;
		this.to = -1;
	}

	/** @return the length of the event's JSON, in bytes */
	public int length() {
		check();
		return this.to - this.from;
	}

	/**
	 * Write the event's JSON as the platform sent it.
	 * @param out where to write (not flushed, not closed)
	 * @throws IOException if writing fails
	 */
	public void writeTo(OutputStream out) throws IOException {
		check();
		out.write(this.bytes, this.from, this.to - this.from);
	}

	/**
	 * Write the event's JSON less the {@code readToken} of each of its
	 * attachments, cut out of the bytes (with the comma that joined each to a
	 * neighbour), every other byte as the platform sent it: what to hand to a
	 * browser, which must not open the files on the platform by itself. An event
	 * without attachments is written as it is.
	 * @param out where to write (not flushed, not closed)
	 * @throws IOException if writing fails
	 * @see Event#writeJsonWithoutReadTokens(OutputStream)
	 */
	public void writeWithoutReadTokensTo(OutputStream out) throws IOException {
		check();
		if (this.mayHaveAttachments) {
			ReadTokenStripper.write(this.bytes, this.from, this.to, out);
		}
		else {
			out.write(this.bytes, this.from, this.to - this.from);
		}
	}

	/** @return a copy of the event's JSON bytes, to keep after the handler returned */
	public byte[] toBytes() {
		check();
		return Arrays.copyOfRange(this.bytes, this.from, this.to);
	}

	/**
	 * Read the event's typed fields, as {@link PryvConnection#streamEvents} does
	 * for every event: for the few events a handler needs to look into.
	 * @return the event (its raw JSON a copy of these bytes)
	 */
	public Event toEvent() {
		return EventBytes.parse(toBytes(), this.mapper);
	}

	private void check() {
		if (this.to < 0) {
			throw new IllegalStateException("An EventJson is only valid during the call of its handler: "
					+ "keep toBytes() or toEvent() to use the event later");
		}
	}

	/** @return the length only: the JSON may hold secrets (read tokens) */
	@Override
	public String toString() {
		return (this.to < 0) ? "EventJson[no longer valid]" : "EventJson[" + (this.to - this.from) + " bytes]";
	}

}
