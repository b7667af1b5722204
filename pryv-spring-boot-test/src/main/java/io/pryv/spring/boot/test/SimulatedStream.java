package io.pryv.spring.boot.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stream of a {@link SimulatedUser}: seed child streams and events.
 * <pre class="code">
 * platform.user("alice").stream("heart").events("frequency/bpm", 72, 75, 80);   // oldest first, a minute apart
 * platform.user("alice").stream("diary").event("note/txt", "Slept well", Instant.parse("2026-11-30T08:00:00Z"));
 * </pre>
 */
public final class SimulatedStream {

	private final SimulatedUser user;

	private final PlatformState state;

	private final String id;

	private SimulatedStream(SimulatedUser user, PlatformState state, String id) {
		this.user = user;
		this.state = state;
		this.id = id;
	}

	static SimulatedStream getOrCreate(SimulatedUser user, PlatformState state, String id, String name, String parentId) {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("A stream needs an id");
		}
		synchronized (state) {
			PlatformState.Account account = user.account();
			if (account.stream(id) == null) {
				account.streams.add(state.newStream(id, Objects.requireNonNull(name, "name"), parentId, "system"));
			}
		}
		return new SimulatedStream(user, state, id);
	}

	/** @return the stream id */
	public String id() {
		return this.id;
	}

	/** @return the user it belongs to */
	public SimulatedUser user() {
		return this.user;
	}

	/**
	 * A child stream, created with this name when absent.
	 * @param id the child's id
	 * @param name its name when it is created
	 * @return the child stream
	 */
	public SimulatedStream child(String id, String name) {
		return getOrCreate(this.user, this.state, id, name, this.id);
	}

	/**
	 * Events of one type in this stream, one per content, the first the
	 * oldest, a minute apart, the last a minute ago.
	 * @param type an event type, e.g. {@code frequency/bpm} or {@code note/txt}
	 * @param contents the contents (numbers, strings, maps, lists: anything Jackson writes)
	 * @return this stream
	 */
	public SimulatedStream events(String type, Object... contents) {
		double now = this.state.now();
		for (int i = 0; i < contents.length; i++) {
			add(type, contents[i], now - (contents.length - i) * 60.0, Map.of());
		}
		return this;
	}

	/**
	 * One event in this stream.
	 * @param type an event type
	 * @param content its content
	 * @param time its time
	 * @return this stream
	 */
	public SimulatedStream event(String type, Object content, Instant time) {
		add(type, content, time.toEpochMilli() / 1000.0, Map.of());
		return this;
	}

	/**
	 * One event in this stream, with any fields ({@code type} required;
	 * {@code streamIds} is this stream unless given; {@code time} now unless given).
	 * @param fields the event's fields
	 * @return the stored event (with its id)
	 */
	public JsonNode event(Map<String, ?> fields) {
		Object type = fields.get("type");
		if (!(type instanceof String)) {
			throw new IllegalArgumentException("An event needs a 'type' such as note/txt");
		}
		return add((String) type, fields.get("content"), this.state.now(), fields);
	}

	private ObjectNode add(String type, Object content, double time, Map<String, ?> fields) {
		if (type == null || !type.matches("(series:)?[a-z0-9-]+/[a-z0-9-]+")) {
			throw new IllegalArgumentException("'" + type + "' is not a Pryv event type such as note/txt");
		}
		ObjectNode event = this.state.mapper.createObjectNode();
		event.put("id", Ids.random(25));
		event.putArray("streamIds").add(this.id);
		event.put("time", Ids.seconds(time));
		event.put("type", type);
		if (content != null) {
			event.set("content", this.state.mapper.valueToTree(content));
		}
		for (Map.Entry<String, ?> field : fields.entrySet()) {
			event.set(field.getKey(), this.state.mapper.valueToTree(field.getValue()));
		}
		event.put("created", Ids.seconds(this.state.now()));
		event.put("createdBy", "system");
		event.put("modified", Ids.seconds(this.state.now()));
		event.put("modifiedBy", "system");
		synchronized (this.state) {
			this.user.account().events.add(event);
		}
		return event.deepCopy();
	}

	/** @return copies of the events in this stream (not its children), newest first */
	public List<JsonNode> events() {
		List<JsonNode> events = new ArrayList<>();
		for (JsonNode event : this.user.events()) {
			if (ApiMethods.streamIdsOf(event).contains(this.id)) {
				events.add(event);
			}
		}
		return events;
	}

	@Override
	public String toString() {
		return "SimulatedStream[" + this.user.username() + "/" + this.id + "]";
	}

}
