package io.pryv.spring.boot.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user account of the {@link SimulatedPryvPlatform}: seed its streams,
 * events, password and accesses, and read back what the application wrote.
 * <pre class="code">
 * SimulatedUser alice = platform.user("alice").password("s3cret-pass");
 * alice.stream("heart", "Heart").child("heart-rate", "Heart rate").events("frequency/bpm", 72, 75, 80);
 * String endpoint = alice.grant("my-portal", "heart", "read");   // https-style {token}@ endpoint
 * assertThat(alice.events()).hasSize(3);
 * </pre>
 */
public final class SimulatedUser {

	private final SimulatedPryvPlatform platform;

	private final PlatformState state;

	private final String username;

	SimulatedUser(SimulatedPryvPlatform platform, PlatformState state, String username) {
		this.platform = platform;
		this.state = state;
		this.username = username;
	}

	/** @return the username */
	public String username() {
		return this.username;
	}

	/** @return the platform it lives on */
	public SimulatedPryvPlatform platform() {
		return this.platform;
	}

	PlatformState.Account account() {
		PlatformState.Account account = this.state.account(this.username);
		if (account == null) {
			throw new IllegalStateException("No account " + this.username);
		}
		return account;
	}

	/**
	 * @param password the password {@code auth/login} accepts
	 * @return this user
	 */
	public SimulatedUser password(String password) {
		Objects.requireNonNull(password, "password");
		synchronized (this.state) {
			account().password = password;
		}
		return this;
	}

	/**
	 * @param email the user's email (registration conflicts, {@code {email}/uid})
	 * @return this user
	 */
	public SimulatedUser email(String email) {
		synchronized (this.state) {
			account().email = email;
		}
		return this;
	}

	/**
	 * A root stream, created (named after its id) when absent.
	 * @param id the stream id
	 * @return the stream, to seed
	 */
	public SimulatedStream stream(String id) {
		return stream(id, id);
	}

	/**
	 * A root stream, created with this name when absent.
	 * @param id the stream id
	 * @param name its name when it is created
	 * @return the stream, to seed
	 */
	public SimulatedStream stream(String id, String name) {
		return SimulatedStream.getOrCreate(this, this.state, id, name, null);
	}

	/**
	 * An app access to one stream, as a consent would grant it.
	 * @param appId the access name (the app id)
	 * @param streamId a stream id, or {@code *} for all
	 * @param level {@code read}, {@code contribute}, {@code manage} or {@code create-only}
	 * @return its API endpoint, {@code http://{token}@127.0.0.1:{port}/{username}/}
	 */
	public String grant(String appId, String streamId, String level) {
		if (!List.of("read", "contribute", "manage", "create-only").contains(level)) {
			throw new IllegalArgumentException("'" + level + "' is not a Pryv access level: use read, contribute, manage or create-only");
		}
		ArrayNode permissions = this.state.mapper.createArrayNode();
		permissions.addObject().put("streamId", streamId).put("level", level);
		PlatformState.AccessRecord access = this.state.grant(account(), appId, "app", permissions, null);
		return this.state.apiEndpoint(this.username, access.token);
	}

	/**
	 * A personal access (everything), as a login yields.
	 * @param appId the app id it is for
	 * @return its API endpoint, {@code http://{token}@127.0.0.1:{port}/{username}/}
	 */
	public String personalAccess(String appId) {
		PlatformState.AccessRecord access = this.state.grant(account(), appId, "personal",
				this.state.mapper.createArrayNode(), null);
		return this.state.apiEndpoint(this.username, access.token);
	}

	/** @return copies of the user's events (trashed ones included), newest first */
	public List<JsonNode> events() {
		synchronized (this.state) {
			List<JsonNode> events = new ArrayList<>();
			account().events.forEach((event) -> events.add(event.deepCopy()));
			events.sort(Comparator.comparingDouble((JsonNode event) -> event.path("time").asDouble()).reversed());
			return events;
		}
	}

	/** @return the ids of the user's streams, in creation order */
	public List<String> streamIds() {
		synchronized (this.state) {
			return account().streams.stream().map((stream) -> stream.path("id").asString()).toList();
		}
	}

	/** @return copies of the user's accesses (tokens included), oldest first */
	public List<JsonNode> accesses() {
		synchronized (this.state) {
			List<JsonNode> accesses = new ArrayList<>();
			for (PlatformState.AccessRecord access : account().accesses) {
				ObjectNode json = this.state.mapper.createObjectNode();
				json.put("id", access.id);
				json.put("token", access.token);
				json.put("name", access.name);
				json.put("type", access.type);
				json.set("permissions", access.permissions.deepCopy());
				accesses.add(json);
			}
			return accesses;
		}
	}

	/**
	 * @param eventId an event id
	 * @return the points of that HF series event, as {@code [deltaTime, value]} arrays
	 */
	public List<JsonNode> seriesPoints(String eventId) {
		synchronized (this.state) {
			return account().seriesPoints.getOrDefault(eventId, List.of()).stream().map(JsonNode::deepCopy).toList();
		}
	}

	@Override
	public String toString() {
		return "SimulatedUser[" + this.username + "]";
	}

}
