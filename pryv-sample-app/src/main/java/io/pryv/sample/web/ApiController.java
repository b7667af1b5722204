package io.pryv.sample.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.pryv.client.Attachment;
import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The signed-in user's data as JSON, for scripts and other apps
 * ({@code 401} without a signed-in user):
 * <ul>
 * <li>{@code GET /api/events?fromTime&toTime&streams&types&limit}: streamed,
 * NDJSON by default, a JSON array with {@code Accept: application/json};</li>
 * <li>{@code GET /api/streams}; {@code POST /api/events} (a note or a value);</li>
 * <li>{@code POST /api/files} (multipart {@code file} + {@code streamId}) and
 * {@code GET /api/events/{eventId}/attachments/{attachmentId}}: files through the
 * app, so the browser never sees a token or a read token.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api")
public class ApiController {

	/** The NDJSON media type. */
	public static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private final PryvUserData userData;

	/**
	 * @param userData reads and writes the user's data
	 */
	public ApiController(PryvUserData userData) {
		this.userData = userData;
	}

	/**
	 * Stream the user's events, on this request's thread (see {@link EventsStreamer}).
	 * @param connection the user's connection
	 * @param fromTime the earliest time (seconds since the epoch)
	 * @param toTime the latest time
	 * @param streams stream ids
	 * @param types event types (e.g. {@code note/txt}, {@code mass/*})
	 * @param limit the most events
	 * @param accept {@code application/json} for a JSON array, else NDJSON
	 * @param response where the events go
	 * @throws IOException if writing fails (the client went away)
	 */
	@GetMapping("/events")
	public void events(PryvConnection connection,
			@RequestParam(name = "fromTime", required = false) Double fromTime,
			@RequestParam(name = "toTime", required = false) Double toTime,
			@RequestParam(name = "streams", required = false) List<String> streams,
			@RequestParam(name = "types", required = false) List<String> types,
			@RequestParam(name = "limit", required = false) Integer limit,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			HttpServletResponse response) throws IOException {
		EventsQuery.Builder query = EventsQuery.builder();
		if (fromTime != null) {
			query.fromTime(fromTime);
		}
		if (toTime != null) {
			query.toTime(toTime);
		}
		if (streams != null && !streams.isEmpty()) {
			query.streams(streams.toArray(String[]::new));
		}
		if (types != null && !types.isEmpty()) {
			query.types(types.toArray(String[]::new));
		}
		if (limit != null) {
			if (limit < 1) {
				throw new IllegalArgumentException("limit must be at least 1, not " + limit);
			}
			query.limit(limit);
		}
		EventsStreamer.stream(connection, query.build(), wantsJsonArray(accept), response);
	}

	private static boolean wantsJsonArray(String accept) {
		if (accept == null) {
			return false;
		}
		for (MediaType type : MediaType.parseMediaTypes(accept)) {
			if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
				return true;
			}
			if (type.equalsTypeAndSubtype(NDJSON)) {
				return false;
			}
		}
		return false;
	}

	/**
	 * @param connection the user's connection
	 * @return {@code {streams: [...]}}: the user's stream tree (system streams left out)
	 */
	@GetMapping("/streams")
	public Map<String, Object> streams(PryvConnection connection) {
		return Map.of("streams", this.userData.streams(connection));
	}

	/**
	 * Add a note or a numeric value.
	 * @param connection the user's connection
	 * @param input {@code {streamId, note}} or {@code {streamId, value, type}}
	 * @return 201 with {@code {event}}
	 */
	@PostMapping(path = "/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, JsonNode>> createEvent(PryvConnection connection, @RequestBody EventInput input) {
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("event", this.userData.createEvent(connection, input)));
	}

	/**
	 * Upload a file as a new {@code file/attached} event.
	 * @param connection the user's connection
	 * @param streamId the stream
	 * @param file the file
	 * @return 201 with {@code {event}}
	 */
	@PostMapping(path = "/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	public ResponseEntity<Map<String, JsonNode>> upload(PryvConnection connection,
			@RequestParam(name = "streamId", required = false) String streamId,
			@RequestParam(name = "file", required = false) MultipartFile file) {
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("event", this.userData.upload(connection, streamId, file)));
	}

	/**
	 * Download an attached file through the app (always as a download, never
	 * rendered in the app's origin).
	 * @param connection the user's connection
	 * @param eventId the event
	 * @param attachmentId the attachment
	 * @return the file, streamed
	 */
	@GetMapping("/events/{eventId}/attachments/{attachmentId}")
	public ResponseEntity<StreamingResponseBody> download(PryvConnection connection, @PathVariable String eventId,
			@PathVariable String attachmentId) {
		Event event = connection.getEvent(eventId);
		Attachment attachment = event.attachment(attachmentId);
		if (attachment == null) {
			throw new NotFoundException("Event " + eventId + " has no attachment " + attachmentId);
		}
		MediaType type;
		try {
			type = (attachment.type() != null) ? MediaType.parseMediaType(attachment.type())
					: MediaType.APPLICATION_OCTET_STREAM;
		}
		catch (IllegalArgumentException ex) {
			type = MediaType.APPLICATION_OCTET_STREAM;
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename((attachment.fileName() != null) ? attachment.fileName() : attachmentId,
						java.nio.charset.StandardCharsets.UTF_8)
				.build()
				.toString());
		if (attachment.size() != null) {
			response.contentLength(attachment.size());
		}
		return response.body((out) -> connection.writeAttachment(eventId, attachmentId, out));
	}

	/** Something the user asked for does not exist. */
	static final class NotFoundException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotFoundException(String message) {
			super(message);
		}

	}

}
