package io.pryv.sample.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import io.pryv.client.Event;
import io.pryv.client.EventJson;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Streams a user's events from the platform to an HTTP response: as NDJSON (one
 * event object a line) or as one JSON array. Each event goes out as the bytes
 * the platform sent, checked but not decoded, its attachments' read tokens cut
 * out ({@link EventJson#writeWithoutReadTokensTo}): no {@code String}, no tree
 * and no copy per event.
 * <p>
 * It all happens on the request's thread, with the client's blocking
 * {@link PryvConnection#streamEventsJson}: the event loop receives the platform's
 * answer, this thread checks each received chunk and writes its events, so no
 * event is handed from one thread to another and memory stays constant whatever
 * the count (a client that reads slowly blocks the writes, which stops the
 * reading, which stops the transfer). The response is committed only when the
 * first event arrives (or the answer ends), so an API error (invalid token,
 * unknown stream) still becomes a proper error status. When the client goes
 * away, the write fails and the stream is disposed, which stops the transfer
 * from the platform.
 */
final class EventsStreamer {

	/** The response's buffer: each full one goes out as one chunk and one socket write. */
	static final int BUFFER_SIZE = 64 * 1024;

	private EventsStreamer() {
	}

	/**
	 * Stream the events of {@code query} to {@code response}.
	 * @param connection the user's connection
	 * @param query the query
	 * @param jsonArray {@code true} for a JSON array, {@code false} for NDJSON
	 * @param response the response (headers are set here, before the first byte)
	 * @throws io.pryv.client.PryvException when the platform answers an error (before
	 * the first byte: the response is then still open for an error status) or the
	 * answer breaks off
	 * @throws IOException when writing fails (the client went away)
	 */
	static void stream(PryvConnection connection, EventsQuery query, boolean jsonArray, HttpServletResponse response)
			throws IOException {
		Writer writer = new Writer(response, jsonArray);
		try {
			connection.streamEventsJson(query, writer::write);
		}
		catch (RuntimeException ex) {
			// Tomcat closes the connection at once on an error after the response is committed,
			// dropping what is still in the response's buffer: the events delivered before the
			// failure go out first, then the client sees the download break
			writer.flushDelivered(ex);
			throw ex;
		}
		writer.end();
	}

	/**
	 * The event as the platform sent it, less the attachments' read tokens: files
	 * are downloaded through the app, and a read token in the browser would open
	 * the file on the platform to whoever sees it.
	 */
	static byte[] json(Event event) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		try {
			event.writeJsonWithoutReadTokens(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** Writes the events it is given, opening the response on the first one. */
	private static final class Writer {

		private final HttpServletResponse response;

		private final boolean jsonArray;

		private OutputStream out;

		private boolean first = true;

		Writer(HttpServletResponse response, boolean jsonArray) {
			this.response = response;
			this.jsonArray = jsonArray;
		}

		void write(EventJson event) throws IOException {
			if (this.out == null) {
				open();
			}
			if (this.jsonArray) {
				this.out.write(this.first ? '[' : ',');
			}
			this.first = false;
			// the original bytes, read tokens cut out: no String, no tree, no copy
			event.writeWithoutReadTokensTo(this.out);
			if (!this.jsonArray) {
				this.out.write('\n');
			}
		}

		void end() throws IOException {
			if (this.out == null) {
				open();
			}
			if (this.jsonArray) {
				// "[" came with the first event, if any
				this.out.write(this.first ? new byte[] { '[', ']' } : new byte[] { ']' });
			}
			this.out.flush();
		}

		/** Send what was written so far, once some of it has gone out, before the failure {@code ex} breaks the download. */
		void flushDelivered(RuntimeException ex) {
			if (this.out == null || !this.response.isCommitted()) {
				// nothing has gone out yet: the buffer is dropped and the error gets its own status
				return;
			}
			try {
				this.out.flush();
			}
			catch (IOException flushFailed) {
				ex.addSuppressed(flushFailed);
			}
		}

		private void open() throws IOException {
			this.response.setContentType(this.jsonArray ? MediaType.APPLICATION_JSON_VALUE : ApiController.NDJSON.toString());
			this.response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					"inline; filename=\"events." + (this.jsonArray ? "json" : "ndjson") + "\"");
			this.response.setBufferSize(BUFFER_SIZE);
			this.out = this.response.getOutputStream();
		}

	}

}
