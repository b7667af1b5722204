package io.pryv.sample.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * An event as the page's table shows it.
 *
 * @param id the event id
 * @param time its time, formatted in UTC
 * @param streams its stream ids, joined
 * @param type its type
 * @param content its content as text
 * @param attachments its files
 */
public record EventView(String id, String time, String streams, String type, String content, List<File> attachments) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final int MAX_CONTENT = 200;

	/**
	 * A file attached to an event.
	 *
	 * @param id the attachment id
	 * @param fileName its file name
	 * @param size its size in bytes
	 */
	public record File(String id, String fileName, long size) {
	}

	/**
	 * @param event an event as the API answers it
	 * @return its view
	 */
	public static EventView of(JsonNode event) {
		List<String> streams = new ArrayList<>();
		event.path("streamIds").forEach((id) -> streams.add(id.asString()));
		List<File> files = new ArrayList<>();
		event.path("attachments")
			.forEach((file) -> files.add(new File(file.path("id").asString(""), file.path("fileName").asString(""),
					file.path("size").asLong(0))));
		double time = event.path("time").asDouble(0);
		return new EventView(event.path("id").asString(""), TIME.format(Instant.ofEpochMilli((long) (time * 1000))),
				String.join(", ", streams), event.path("type").asString(""), contentText(event),
				List.copyOf(files));
	}

	private static String contentText(JsonNode event) {
		JsonNode content = event.get("content");
		if (content == null || content.isNull()) {
			return "";
		}
		String text;
		if (content.isNumber()) {
			String type = event.path("type").asString("");
			int slash = type.indexOf('/');
			text = content.asString() + ((slash >= 0) ? " " + type.substring(slash + 1) : "");
		}
		else {
			text = content.isString() ? content.asString() : content.toString();
		}
		return (text.length() > MAX_CONTENT) ? text.substring(0, MAX_CONTENT) + "\u2026" : text;
	}

}
