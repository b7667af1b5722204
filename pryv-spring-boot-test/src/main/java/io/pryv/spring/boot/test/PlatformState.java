package io.pryv.spring.boot.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the simulated platform keeps, in memory: the accounts with their
 * streams, events, files, series and accesses, and the auth requests. Every
 * read and change holds this object's monitor.
 */
final class PlatformState {

	static final String API_VERSION = "2.0.0-pre.4";

	static final String SERIAL = "2026112601";

	private static final Duration DEFAULT_AUTH_EXPIRY = Duration.ofHours(1);

	private static final int MAX_PENDING_AUTH = 10_000;

	final JsonMapper mapper = JsonMapper.builder().build();

	final Clock clock;

	final String name;

	final List<String> trustedOrigins;

	final long pollRateMs;

	private final Consumer<SimulatedUser> newUserHook;

	private final SimulatedPryvPlatform platform;

	volatile String baseUrl;

	private final Map<String, Account> accounts = new LinkedHashMap<>();

	private final Map<String, AccessRecord> accessesByToken = new HashMap<>();

	private final Map<String, AuthRequestRecord> authRequests = new LinkedHashMap<>();

	PlatformState(SimulatedPryvPlatform platform, Clock clock, String name, List<String> trustedOrigins, long pollRateMs,
			Consumer<SimulatedUser> newUserHook) {
		this.platform = platform;
		this.clock = clock;
		this.name = name;
		this.trustedOrigins = new java.util.concurrent.CopyOnWriteArrayList<>(trustedOrigins);
		this.pollRateMs = pollRateMs;
		this.newUserHook = newUserHook;
	}

	double now() {
		return this.clock.millis() / 1000.0;
	}

	/** An access: what a token grants. */
	static final class AccessRecord {

		final String id;

		final String token;

		final String name;

		final String type;

		final ArrayNode permissions;

		final double created;

		final String createdBy;

		final String username;

		AccessRecord(String id, String token, String name, String type, ArrayNode permissions, double created,
				String createdBy, String username) {
			this.id = id;
			this.token = token;
			this.name = name;
			this.type = type;
			this.permissions = permissions;
			this.created = created;
			this.createdBy = createdBy;
			this.username = username;
		}

		boolean isPersonal() {
			return this.type.equals("personal");
		}

	}

	/** An attachment file. */
	record StoredFile(String eventId, String id, String fileName, String type, byte[] bytes, String readToken) {
	}

	/** One account's data. */
	static final class Account {

		final String username;

		String password;

		String email;

		/** Streams, flat, each with its {@code parentId}; the tree is built when answering. */
		final List<ObjectNode> streams = new ArrayList<>();

		/** Events, in no particular order (sorted when answering). */
		final List<ObjectNode> events = new ArrayList<>();

		final List<ObjectNode> eventDeletions = new ArrayList<>();

		final Map<String, StoredFile> files = new HashMap<>();

		final Map<String, List<JsonNode>> seriesPoints = new HashMap<>();

		final List<AccessRecord> accesses = new ArrayList<>();

		Account(String username) {
			this.username = username;
		}

		ObjectNode stream(String id) {
			for (ObjectNode stream : this.streams) {
				if (stream.path("id").asString().equals(id)) {
					return stream;
				}
			}
			return null;
		}

		ObjectNode event(String id) {
			for (ObjectNode event : this.events) {
				if (event.path("id").asString().equals(id)) {
					return event;
				}
			}
			return null;
		}

		/** @return the ids of a stream and all its descendants (empty for an unknown stream) */
		List<String> withDescendants(String id) {
			List<String> found = new ArrayList<>();
			if (stream(id) == null) {
				return found;
			}
			found.add(id);
			for (int i = 0; i < found.size(); i++) {
				String parent = found.get(i);
				for (ObjectNode stream : this.streams) {
					if (parent.equals(stream.path("parentId").asString(null))) {
						found.add(stream.path("id").asString());
					}
				}
			}
			return found;
		}

	}

	/** One auth request; {@code state} is NEED_SIGNIN, ACCEPTED or REFUSED. */
	static final class AuthRequestRecord {

		final String key;

		final String appId;

		final JsonNode body;

		final double created;

		Instant expiresAt;

		String state = "NEED_SIGNIN";

		String username;

		String token;

		AuthRequestRecord(String key, String appId, JsonNode body, double created, Instant expiresAt) {
			this.key = key;
			this.appId = appId;
			this.body = body;
			this.created = created;
			this.expiresAt = expiresAt;
		}

		String returnUrl() {
			JsonNode url = this.body.get("returnURL");
			return (url != null && url.isString()) ? url.asString() : null;
		}

	}

	// accounts

	synchronized Account account(String username) {
		return this.accounts.get(username);
	}

	synchronized List<String> usernames() {
		return List.copyOf(this.accounts.keySet());
	}

	/**
	 * @return the account, created (and handed to the new-user hook) when absent
	 */
	Account accountOrCreate(String username) {
		Account account;
		synchronized (this) {
			account = this.accounts.get(username);
			if (account != null) {
				return account;
			}
			account = new Account(username);
			this.accounts.put(username, account);
		}
		if (this.newUserHook != null) {
			this.newUserHook.accept(new SimulatedUser(this.platform, this, username));
		}
		return account;
	}

	// accesses

	synchronized AccessRecord grant(Account account, String name, String type, ArrayNode permissions, String createdBy) {
		AccessRecord access = new AccessRecord(Ids.random(25), Ids.random(25), name, type, permissions, now(),
				(createdBy != null) ? createdBy : "system", account.username);
		account.accesses.add(access);
		this.accessesByToken.put(access.token, access);
		return access;
	}

	/** @return the live access of this token on this account, or {@code null} */
	synchronized AccessRecord access(String username, String token) {
		if (token == null) {
			return null;
		}
		AccessRecord access = this.accessesByToken.get(token);
		return (access != null && access.username.equals(username)) ? access : null;
	}

	synchronized boolean revoke(Account account, String accessId) {
		AccessRecord found = null;
		for (AccessRecord access : account.accesses) {
			if (access.id.equals(accessId)) {
				found = access;
			}
		}
		if (found == null) {
			return false;
		}
		account.accesses.remove(found);
		this.accessesByToken.remove(found.token);
		return true;
	}

	/** @return every token this platform ever issued and still honours */
	synchronized List<String> tokens() {
		return List.copyOf(this.accessesByToken.keySet());
	}

	String apiEndpoint(String username, String token) {
		return this.baseUrl.replace("://", "://" + token + "@") + "/" + username + "/";
	}

	// auth requests

	synchronized AuthRequestRecord createAuthRequest(String appId, JsonNode body) {
		Instant now = this.clock.instant();
		this.authRequests.values().removeIf((request) -> !now.isBefore(request.expiresAt));
		if (this.authRequests.size() >= MAX_PENDING_AUTH) {
			throw new ApiError(503, "unexpected-error", "The simulation has too many pending auth requests");
		}
		JsonNode expireAfter = body.get("expireAfter");
		Duration expiry = (expireAfter != null && expireAfter.isNumber() && expireAfter.asLong() > 0)
				? Duration.ofSeconds(expireAfter.asLong()) : DEFAULT_AUTH_EXPIRY;
		AuthRequestRecord request = new AuthRequestRecord(Ids.authKey(), appId, body, now(), now.plus(expiry));
		this.authRequests.put(request.key, request);
		return request;
	}

	/** @return the live request with this key, or {@code null} (unknown or expired) */
	synchronized AuthRequestRecord authRequest(String key) {
		AuthRequestRecord request = this.authRequests.get(key);
		if (request != null && !this.clock.instant().isBefore(request.expiresAt)) {
			this.authRequests.remove(key);
			return null;
		}
		return request;
	}

	synchronized List<AuthRequestRecord> authRequests() {
		Instant now = this.clock.instant();
		return this.authRequests.values().stream().filter((request) -> now.isBefore(request.expiresAt)).toList();
	}

	/** Accept: the user (created if new) grants the requested permissions; missing streams are created. */
	void accept(AuthRequestRecord request, String username) {
		Account account = accountOrCreate(username);
		synchronized (this) {
			if (!request.state.equals("NEED_SIGNIN")) {
				throw new IllegalStateException("The auth request " + request.key + " was already answered: " + request.state);
			}
			ArrayNode permissions = this.mapper.createArrayNode();
			for (JsonNode requested : request.body.path("requestedPermissions")) {
				ObjectNode permission = permissions.addObject();
				String streamId = requested.path("streamId").asString("*");
				permission.put("streamId", streamId);
				permission.put("level", requested.path("level").asString("read"));
				if (!streamId.equals("*") && account.stream(streamId) == null) {
					account.streams.add(newStream(streamId, requested.path("defaultName").asString(streamId), null, "system"));
				}
			}
			AccessRecord access = grant(account, request.appId, "app", permissions, null);
			request.username = username;
			request.token = access.token;
			request.state = "ACCEPTED";
		}
	}

	synchronized void refuse(AuthRequestRecord request) {
		if (!request.state.equals("NEED_SIGNIN")) {
			throw new IllegalStateException("The auth request " + request.key + " was already answered: " + request.state);
		}
		request.state = "REFUSED";
	}

	synchronized void expire(AuthRequestRecord request) {
		request.expiresAt = this.clock.instant();
	}

	ObjectNode newStream(String id, String name, String parentId, String createdBy) {
		ObjectNode stream = this.mapper.createObjectNode();
		stream.put("id", id);
		stream.put("name", name);
		if (parentId == null) {
			stream.putNull("parentId");
		}
		else {
			stream.put("parentId", parentId);
		}
		double now = now();
		stream.put("created", Ids.seconds(now));
		stream.put("createdBy", createdBy);
		stream.put("modified", Ids.seconds(now));
		stream.put("modifiedBy", createdBy);
		return stream;
	}

}
