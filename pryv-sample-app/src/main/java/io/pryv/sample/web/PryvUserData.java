package io.pryv.sample.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pryv.client.AttachmentSource;
import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvConnection;
import io.pryv.client.Stream;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * What the page and the API read and write in the signed-in user's Pryv
 * account, through the starter's {@link PryvConnection}.
 */
@Component
public class PryvUserData {

	/**
	 * The largest file the app accepts, in bytes. The servlet container's own
	 * limit ({@code spring.servlet.multipart.max-file-size}) is set higher, so a
	 * file over this one gets this app's clear message rather than a bare 413.
	 */
	public static final long MAX_UPLOAD = 10L * 1024 * 1024;

	/**
	 * @param connection the user's connection
	 * @return the user's stream tree (system streams left out)
	 */
	public List<StreamView> streams(PryvConnection connection) {
		return toViews(connection.streams());
	}

	private static List<StreamView> toViews(List<Stream> streams) {
		List<StreamView> views = new ArrayList<>();
		for (Stream stream : streams) {
			if (stream.id() == null || stream.id().startsWith(":")) {
				continue;
			}
			views.add(new StreamView(stream.id(), (stream.name() != null) ? stream.name() : stream.id(),
					toViews(stream.children())));
		}
		return List.copyOf(views);
	}

	/**
	 * @param connection the user's connection
	 * @param count how many
	 * @return the latest events, newest first
	 */
	public List<EventView> latestEvents(PryvConnection connection, int count) {
		List<EventView> events = new ArrayList<>(count);
		connection.streamEvents(EventsQuery.builder().limit(count).build(), (event) -> events.add(EventView.of(event.raw())));
		return events;
	}

	/**
	 * @param connection the user's connection
	 * @param input the new event
	 * @return the created event as the platform answered it
	 */
	public JsonNode createEvent(PryvConnection connection, EventInput input) {
		return withoutReadTokens(connection.createEvent(input.toEventParams()));
	}

	/**
	 * Create a {@code file/attached} event holding an uploaded file; the file is
	 * streamed to the platform, not read into memory.
	 * @param connection the user's connection
	 * @param streamId the stream
	 * @param file the uploaded file
	 * @return the created event
	 * @throws IllegalArgumentException when the stream or file is missing
	 */
	public JsonNode upload(PryvConnection connection, String streamId, MultipartFile file) {
		if (streamId == null || streamId.isBlank()) {
			throw new IllegalArgumentException("Choose a stream for the file (streamId)");
		}
		if (file == null || file.isEmpty()) {
			throw new IllegalArgumentException("Choose a non-empty file to upload");
		}
		if (file.getSize() > MAX_UPLOAD) {
			throw new FileTooLargeException("The file is larger than the " + (MAX_UPLOAD / (1024 * 1024))
					+ " MB this app accepts");
		}
		String fileName = (file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank())
				? file.getOriginalFilename() : "upload";
		AttachmentSource source = AttachmentSource.of(fileName, file.getContentType(), file.getSize(), file);
		Event event = connection.createEventWithAttachments(
				Map.of("streamIds", List.of(streamId.strip()), "type", "file/attached"), List.of(source));
		return withoutReadTokens(event);
	}

	/** @return the event's JSON without its attachments' read tokens (see {@link EventsStreamer#json}) */
	static JsonNode withoutReadTokens(Event event) {
		return tools.jackson.databind.json.JsonMapper.shared().readTree(EventsStreamer.json(event));
	}

	/** An uploaded file over {@link #MAX_UPLOAD}. */
	public static final class FileTooLargeException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		FileTooLargeException(String message) {
			super(message);
		}

	}

	/**
	 * A message a user can act on for an error of the Pryv API.
	 * @param ex the error
	 * @return the message
	 */
	public static String describe(PryvApiException ex) {
		return switch (String.valueOf(ex.getId())) {
			case "invalid-access-token" -> "Your Pryv access is no longer valid (it may have been revoked): "
					+ "sign out and sign in again.";
			case "forbidden" -> "This app's access does not allow that: " + ex.getError().message();
			case "unknown-referenced-resource" -> "Unknown stream: " + ex.getError().message();
			default -> "The Pryv platform refused it (" + ex.getId() + "): " + ex.getError().message();
		};
	}

}
