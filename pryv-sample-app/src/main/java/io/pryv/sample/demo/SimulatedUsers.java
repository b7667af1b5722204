package io.pryv.sample.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The accounts of the simulated platform: app accesses (tokens), a fixed stream
 * tree and events (seeded with plausible health data on first use), and
 * attachment files, all in memory.
 */
final class SimulatedUsers {

	/** The largest attachment the simulation keeps, in bytes. */
	static final int MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

	private static final int MAX_EVENTS_PER_USER = 10_000;

	private final JsonMapper mapper;

	private final Clock clock;

	private final Map<String, Access> accessesByToken = new ConcurrentHashMap<>();

	private final Map<String, UserData> users = new ConcurrentHashMap<>();

	SimulatedUsers(JsonMapper mapper, Clock clock) {
		this.mapper = mapper;
		this.clock = clock;
	}

	/** An app access: what a token grants. */
	record Access(String id, String token, String username, String appId, JsonNode permissions, double created) {
	}

	/** An attachment file. */
	record StoredFile(String eventId, String id, String fileName, String type, byte[] bytes, String readToken) {
	}

	/** One user's data; guarded by its own monitor. */
	static final class UserData {

		final List<ObjectNode> events = new ArrayList<>();

		final Map<String, StoredFile> files = new ConcurrentHashMap<>();

		final ArrayNode streams;

		UserData(ArrayNode streams) {
			this.streams = streams;
		}

	}

	Access grant(String username, String appId, JsonNode permissions) {
		Access access = new Access(SimulatedAuthRequests.randomId(25), SimulatedAuthRequests.randomId(25), username,
				appId, permissions, now());
		this.accessesByToken.put(access.token(), access);
		user(username);
		return access;
	}

	/** @return the access of a token for a user, or {@code null} */
	Access access(String username, String token) {
		if (token == null) {
			return null;
		}
		Access access = this.accessesByToken.get(token);
		return (access != null && access.username().equals(username)) ? access : null;
	}

	/** @return whether an access with this id existed (and is now deleted) */
	boolean revoke(String username, String accessId) {
		return this.accessesByToken.values()
			.removeIf((access) -> access.username().equals(username) && access.id().equals(accessId));
	}

	UserData user(String username) {
		return this.users.computeIfAbsent(username, this::seed);
	}

	double now() {
		return this.clock.millis() / 1000.0;
	}

	/** Seconds with millisecond precision, written as the platform writes them (1795681882.584, not 1.7E9). */
	static BigDecimal seconds(double seconds) {
		return BigDecimal.valueOf(Math.round(seconds * 1000)).movePointLeft(3);
	}

	/** @return the ids of a stream and all its descendants, or an empty set for an unknown stream */
	static Set<String> withDescendants(ArrayNode streams, String id) {
		Set<String> found = new HashSet<>();
		collect(streams, id, false, found);
		return found;
	}

	private static void collect(JsonNode streams, String id, boolean inside, Set<String> found) {
		for (JsonNode stream : streams) {
			boolean match = inside || id.equals(stream.path("id").asString());
			if (match) {
				found.add(stream.path("id").asString());
			}
			collect(stream.path("children"), id, match, found);
		}
	}

	ObjectNode addEvent(String username, String accessId, ObjectNode event) {
		UserData data = user(username);
		double now = now();
		event.put("id", SimulatedAuthRequests.randomId(25));
		if (!event.has("time")) {
			event.put("time", seconds(now));
		}
		event.put("created", seconds(now));
		event.put("createdBy", accessId);
		event.put("modified", seconds(now));
		event.put("modifiedBy", accessId);
		synchronized (data) {
			if (data.events.size() >= MAX_EVENTS_PER_USER) {
				data.events.remove(data.events.size() - 1);
			}
			data.events.add(event);
			data.events.sort(Comparator.comparingDouble((ObjectNode e) -> e.path("time").asDouble()).reversed());
		}
		return event;
	}

	private UserData seed(String username) {
		ArrayNode streams = this.mapper.createArrayNode();
		ObjectNode heart = stream(streams, "heart", "Heart", null);
		stream((ArrayNode) heart.get("children"), "heart-rate", "Heart rate", "heart");
		ObjectNode body = stream(streams, "body", "Body", null);
		stream((ArrayNode) body.get("children"), "weight", "Weight", "body");
		stream(streams, "diary", "Diary", null);
		UserData data = new UserData(streams);
		Random random = new Random(username.hashCode());
		double now = now();
		for (int hour = 0; hour < 24; hour++) {
			data.events.add(seededEvent(now - hour * 3600 - 600, "heart-rate", "frequency/bpm",
					this.mapper.getNodeFactory().numberNode(58 + random.nextInt(40))));
		}
		for (int day = 0; day < 5; day++) {
			data.events.add(seededEvent(now - day * 86400 - 7200, "weight", "mass/kg",
					this.mapper.getNodeFactory().numberNode(Math.round((71 + random.nextGaussian()) * 10) / 10.0)));
		}
		String[] notes = { "Slept well, 8 hours", "Morning run, 5 km", "Felt a bit dizzy after lunch" };
		for (int i = 0; i < notes.length; i++) {
			data.events.add(seededEvent(now - i * 86400 - 3 * 3600, "diary", "note/txt",
					this.mapper.getNodeFactory().stringNode(notes[i])));
		}
		data.events.sort(Comparator.comparingDouble((ObjectNode e) -> e.path("time").asDouble()).reversed());
		return data;
	}

	private ObjectNode stream(ArrayNode parent, String id, String name, String parentId) {
		ObjectNode stream = parent.addObject();
		stream.put("id", id);
		stream.put("name", name);
		if (parentId == null) {
			stream.putNull("parentId");
		}
		else {
			stream.put("parentId", parentId);
		}
		stream.put("created", seconds(now()));
		stream.put("createdBy", "system");
		stream.put("modified", seconds(now()));
		stream.put("modifiedBy", "system");
		stream.putArray("children");
		return stream;
	}

	private ObjectNode seededEvent(double time, String streamId, String type, JsonNode content) {
		ObjectNode event = this.mapper.createObjectNode();
		event.put("id", SimulatedAuthRequests.randomId(25));
		event.putArray("streamIds").add(streamId);
		event.put("time", seconds(time));
		event.put("type", type);
		event.set("content", content);
		event.put("created", seconds(time));
		event.put("createdBy", "system");
		event.put("modified", seconds(time));
		event.put("modifiedBy", "system");
		return event;
	}

}
