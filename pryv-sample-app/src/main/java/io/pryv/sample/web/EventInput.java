package io.pryv.sample.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A new event from the page's form or {@code POST /api/events}: a note, or a
 * numeric value with a type such as {@code mass/kg}. Invalid input is refused
 * with a message that names the problem.
 *
 * @param streamId the stream to add it to
 * @param note the text of a note (or {@code null})
 * @param value the numeric value (or {@code null})
 * @param type the type of a value, e.g. {@code mass/kg} (default {@code count/generic})
 */
public record EventInput(String streamId, String note, Double value, String type) {

	/** The longest note accepted. */
	public static final int MAX_NOTE = 4096;

	private static final Pattern TYPE = Pattern.compile("[a-z0-9-]+/[a-z0-9-]+");

	/**
	 * @throws IllegalArgumentException with a message naming the problem
	 */
	public EventInput {
		if (streamId == null || streamId.isBlank()) {
			throw new IllegalArgumentException("Choose a stream for the new event (streamId)");
		}
		boolean hasNote = note != null && !note.isBlank();
		if (hasNote == (value != null)) {
			throw new IllegalArgumentException("Give either a note or a numeric value, not " + (hasNote ? "both" : "neither"));
		}
		if (hasNote && note.length() > MAX_NOTE) {
			throw new IllegalArgumentException("A note has at most " + MAX_NOTE + " characters, not " + note.length());
		}
		if (value != null && (value.isNaN() || value.isInfinite())) {
			throw new IllegalArgumentException("The value must be a finite number");
		}
		if (value != null) {
			type = (type == null || type.isBlank()) ? "count/generic" : type.strip();
			if (!TYPE.matcher(type).matches()) {
				throw new IllegalArgumentException("The type '" + type + "' is not a Pryv event type such as mass/kg");
			}
		}
	}

	/**
	 * Parse the page's form.
	 * @param streamId the stream
	 * @param note the note text (may be empty)
	 * @param value the value as typed (may be empty)
	 * @param type the value's type
	 * @return the input
	 * @throws IllegalArgumentException when the value is not a number
	 */
	public static EventInput fromForm(String streamId, String note, String value, String type) {
		Double number = null;
		if (value != null && !value.isBlank()) {
			try {
				number = Double.valueOf(value.strip().replace(',', '.'));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("The value '" + value + "' is not a number");
			}
		}
		return new EventInput(streamId, (note == null || note.isBlank()) ? null : note.strip(), number, type);
	}

	/** @return the {@code events.create} parameters */
	public Map<String, Object> toEventParams() {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("streamIds", List.of(this.streamId));
		if (this.note != null) {
			params.put("type", "note/txt");
			params.put("content", this.note);
		}
		else {
			params.put("type", this.type);
			params.put("content", this.value);
		}
		return params;
	}

}
