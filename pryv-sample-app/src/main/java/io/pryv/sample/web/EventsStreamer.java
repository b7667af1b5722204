package io.pryv.sample.web;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;

import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Streams a user's events from the platform to an HTTP response, one event at a
 * time: as NDJSON (one event object a line) or as one JSON array. Memory stays
 * constant whatever the count: at most a small prefetch of parsed events is held.
 * Each event goes out as the bytes the platform sent, its attachments' read
 * tokens cut out ({@link Event#writeJsonWithoutReadTokens}): no {@code String}
 * and no tree per event.
 * <p>
 * The upstream request is made, and its first answer awaited, before the
 * response is committed, so an API error (invalid token, unknown stream) still
 * becomes a proper error status. When the client goes away, the write fails and
 * the upstream subscription is cancelled, which stops the transfer from the
 * platform.
 */
final class EventsStreamer {

	/** Parsed events buffered between the platform and the response. */
	static final int PREFETCH = 256;

	private static final int FLUSH_EVERY = 1000;

	private EventsStreamer() {
	}

	/**
	 * Start the upstream request and wait for its first event (or its end or error).
	 * @param connection the user's connection
	 * @param query the query
	 * @param jsonArray {@code true} for a JSON array, {@code false} for NDJSON
	 * @return the body that writes the events
	 * @throws io.pryv.client.PryvException when the platform answers an error
	 */
	static StreamingResponseBody open(PryvConnection connection, EventsQuery query, boolean jsonArray) {
		java.util.stream.Stream<Event> events = connection.reactive().events(query).toStream(PREFETCH);
		Iterator<Event> iterator = events.iterator();
		try {
			iterator.hasNext();
		}
		catch (RuntimeException ex) {
			events.close();
			throw ex;
		}
		return (out) -> {
			try (events) {
				write(iterator, out, jsonArray);
			}
		};
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

	private static void write(Iterator<Event> events, OutputStream target, boolean jsonArray) throws IOException {
		OutputStream out = new BufferedOutputStream(target, 64 * 1024);
		if (jsonArray) {
			out.write('[');
		}
		long count = 0;
		while (events.hasNext()) {
			if (jsonArray && count > 0) {
				out.write(',');
			}
			// the original bytes, read tokens cut out: no String, no tree
			events.next().writeJsonWithoutReadTokens(out);
			if (!jsonArray) {
				out.write('\n');
			}
			if (++count % FLUSH_EVERY == 0) {
				out.flush();
			}
		}
		if (jsonArray) {
			out.write(']');
		}
		out.flush();
	}

}
