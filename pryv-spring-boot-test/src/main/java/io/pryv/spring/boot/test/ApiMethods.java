package io.pryv.spring.boot.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API methods of a user's account ({@code events.*}, {@code streams.*},
 * {@code accesses.*}, {@code getAccessInfo}), checked against the caller's
 * access as open-pryv.io checks them. Batch calls and the REST routes both run
 * through {@link #call}.
 */
final class ApiMethods {

	private static final int DEFAULT_LIMIT = 20;

	private static final Pattern EVENT_TYPE = Pattern.compile("(series:)?[a-z0-9-]+/[a-z0-9-]+");

	private static final Set<String> EVENT_FIELDS = Set.of("streamIds", "type", "content", "time", "duration",
			"description", "tags", "clientData", "trashed");

	private final PlatformState state;

	ApiMethods(PlatformState state) {
		this.state = state;
	}

	/**
	 * Run one API method.
	 * @return its result (without {@code meta})
	 * @throws ApiError when the call fails
	 */
	ObjectNode call(PlatformState.Account account, PlatformState.AccessRecord access, String method, JsonNode params) {
		if (params == null || params.isNull() || params.isMissingNode()) {
			params = this.state.mapper.createObjectNode();
		}
		if (!params.isObject()) {
			throw ApiError.invalidParameters("The parameters' format is invalid: params must be an object");
		}
		synchronized (this.state) {
			return switch (method) {
				case "getAccessInfo" -> accessInfo(access);
				case "events.get" -> eventsGet(account, access, params);
				case "events.getOne" -> eventsGetOne(account, access, text(params, "id"));
				case "events.create" -> eventsCreate(account, access, (ObjectNode) params, List.of());
				case "events.update" -> eventsUpdate(account, access, text(params, "id"), params.path("update"));
				case "events.delete" -> eventsDelete(account, access, text(params, "id"));
				case "streams.get" -> streamsGet(account, access);
				case "streams.create" -> streamsCreate(account, access, params);
				case "streams.update" -> streamsUpdate(account, access, text(params, "id"), params.path("update"));
				case "streams.delete" -> streamsDelete(account, access, text(params, "id"), params.get("mergeEventsWithParent"));
				case "accesses.get" -> accessesGet(account, access);
				case "accesses.create" -> accessesCreate(account, access, params);
				case "accesses.delete" -> accessesDelete(account, access, text(params, "id"));
				default -> throw new ApiError(400, "invalid-method", "Invalid method id \"" + method + "\"", null, false);
			};
		}
	}

	private static String text(JsonNode params, String key) {
		JsonNode value = params.get(key);
		if (value == null || !value.isString()) {
			throw ApiError.invalidParameters("The parameters' format is invalid: '" + key + "' must be a string");
		}
		return value.asString();
	}

	// access-info

	private ObjectNode accessInfo(PlatformState.AccessRecord access) {
		ObjectNode body = this.state.mapper.createObjectNode();
		body.put("type", access.type);
		body.put("name", access.name);
		body.put("id", access.id);
		body.put("token", access.token);
		if (!access.isPersonal()) {
			body.set("permissions", access.permissions.deepCopy());
		}
		body.put("created", Ids.seconds(access.created));
		body.put("createdBy", access.createdBy);
		body.put("modified", Ids.seconds(access.created));
		body.put("modifiedBy", access.createdBy);
		body.putObject("user").put("username", access.username);
		return body;
	}

	// permissions

	/** @return the stream ids this access may read (or, with {@code level}, reach at least that level) */
	private Set<String> allowed(PlatformState.Account account, PlatformState.AccessRecord access, String minLevel) {
		Set<String> ids = new HashSet<>();
		if (access.isPersonal()) {
			account.streams.forEach((stream) -> ids.add(stream.path("id").asString()));
			return ids;
		}
		for (JsonNode permission : access.permissions) {
			if (!reaches(permission.path("level").asString(""), minLevel)) {
				continue;
			}
			String streamId = permission.path("streamId").asString("");
			if (streamId.equals("*")) {
				account.streams.forEach((stream) -> ids.add(stream.path("id").asString()));
			}
			else {
				ids.addAll(account.withDescendants(streamId));
			}
		}
		return ids;
	}

	private static boolean reaches(String level, String minLevel) {
		return switch (minLevel) {
			case "read" -> level.equals("read") || level.equals("contribute") || level.equals("manage");
			case "create" -> level.equals("contribute") || level.equals("manage") || level.equals("create-only");
			case "contribute" -> level.equals("contribute") || level.equals("manage");
			case "manage" -> level.equals("manage");
			default -> false;
		};
	}

	// events

	private ObjectNode eventsGet(PlatformState.Account account, PlatformState.AccessRecord access, JsonNode params) {
		Set<String> readable = allowed(account, access, "read");
		Set<String> wanted = null;
		List<String> streamIds = strings(params.get("streams"), "streams");
		if (!streamIds.isEmpty()) {
			wanted = new HashSet<>();
			List<String> unknown = new ArrayList<>();
			for (String id : streamIds) {
				List<String> found = account.withDescendants(id);
				if (found.isEmpty()) {
					unknown.add(id);
				}
				wanted.addAll(found);
			}
			if (!unknown.isEmpty()) {
				ObjectNode data = this.state.mapper.createObjectNode();
				unknown.forEach(data.putArray("streams")::add);
				throw new ApiError(400, "unknown-referenced-resource",
						"Unknown referenced stream" + (unknown.size() > 1 ? "s" : "") + " \"" + String.join("\", \"", unknown) + "\"",
						data, true);
			}
		}
		List<String> types = strings(params.get("types"), "types");
		Double fromTime = number(params, "fromTime");
		Double toTime = number(params, "toTime");
		Double limit = number(params, "limit");
		Double skip = number(params, "skip");
		Double modifiedSince = number(params, "modifiedSince");
		boolean ascending = bool(params, "sortAscending");
		boolean includeDeletions = bool(params, "includeDeletions");
		Boolean running = params.has("running") ? bool(params, "running") : null;
		String state = params.path("state").asString("default");
		int max = (limit != null) ? limit.intValue()
				: (fromTime == null && toTime == null && modifiedSince == null) ? DEFAULT_LIMIT : Integer.MAX_VALUE;
		int toSkip = (skip != null) ? skip.intValue() : 0;

		List<ObjectNode> sorted = new ArrayList<>(account.events);
		Comparator<ObjectNode> byTime = Comparator.comparingDouble((ObjectNode e) -> e.path("time").asDouble());
		sorted.sort(ascending ? byTime : byTime.reversed());
		ObjectNode body = this.state.mapper.createObjectNode();
		ArrayNode out = body.putArray("events");
		for (ObjectNode event : sorted) {
			if (out.size() >= max) {
				break;
			}
			Set<String> ids = streamIdsOf(event);
			double time = event.path("time").asDouble();
			boolean trashed = event.path("trashed").asBoolean(false);
			boolean match = ids.stream().anyMatch(readable::contains)
					&& (wanted == null || ids.stream().anyMatch(wanted::contains))
					&& (fromTime == null || time >= fromTime) && (toTime == null || time <= toTime)
					&& (modifiedSince == null || event.path("modified").asDouble() > modifiedSince)
					&& (running == null || running == (event.has("duration") && event.get("duration").isNull()))
					&& (state.equals("all") || trashed == state.equals("trashed"))
					&& (types.isEmpty() || types.stream().anyMatch((type) -> typeMatches(type, event.path("type").asString())));
			if (match && toSkip-- <= 0) {
				out.add(event.deepCopy());
			}
		}
		if (includeDeletions && modifiedSince != null) {
			ArrayNode deletions = body.putArray("eventDeletions");
			for (ObjectNode deletion : account.eventDeletions) {
				if (deletion.path("deleted").asDouble() > modifiedSince) {
					deletions.add(deletion.deepCopy());
				}
			}
		}
		return body;
	}

	private ObjectNode eventsGetOne(PlatformState.Account account, PlatformState.AccessRecord access, String id) {
		ObjectNode event = readableEvent(account, access, id);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.set("event", event.deepCopy());
		return body;
	}

	private ObjectNode readableEvent(PlatformState.Account account, PlatformState.AccessRecord access, String id) {
		ObjectNode event = account.event(id);
		if (event == null || streamIdsOf(event).stream().noneMatch(allowed(account, access, "read")::contains)) {
			throw ApiError.unknownResource("event", id);
		}
		return event;
	}

	/** The files of a multipart create, already read. */
	record NewFile(String fileName, String type, byte[] bytes) {
	}

	ObjectNode eventsCreate(PlatformState.Account account, PlatformState.AccessRecord access, ObjectNode params,
			List<NewFile> files) {
		ObjectNode event = params.deepCopy();
		if (event.hasNonNull("streamId") && !event.has("streamIds")) {
			event.putArray("streamIds").add(event.get("streamId").asString());
		}
		event.remove("streamId");
		Set<String> streamIds = streamIdsOf(event);
		String type = event.path("type").asString(null);
		if (streamIds.isEmpty() || type == null || !EVENT_TYPE.matcher(type).matches()) {
			throw ApiError.invalidParameters(
					"The parameters' format is invalid: an event needs streamIds and a type such as note/txt");
		}
		List<String> unknown = streamIds.stream().filter((id) -> account.stream(id) == null).toList();
		if (!unknown.isEmpty()) {
			ObjectNode data = this.state.mapper.createObjectNode();
			unknown.forEach(data.putArray("streamIds")::add);
			throw new ApiError(400, "unknown-referenced-resource",
					"Unknown referenced stream \"" + String.join("\", \"", unknown) + "\"", data, true);
		}
		if (!allowed(account, access, "create").containsAll(streamIds)) {
			throw ApiError.forbidden();
		}
		if (event.hasNonNull("id") && account.event(event.get("id").asString()) != null) {
			ObjectNode data = this.state.mapper.createObjectNode().put("id", event.get("id").asString());
			throw new ApiError(409, "item-already-exists",
					"An event with id \"" + event.get("id").asString() + "\" already exists", data, true);
		}
		double now = this.state.now();
		if (!event.hasNonNull("id")) {
			event.put("id", Ids.random(25));
		}
		if (!event.has("time")) {
			event.put("time", Ids.seconds(now));
		}
		if (type.startsWith("series:")) {
			ObjectNode content = event.putObject("content");
			content.put("elementType", type.substring("series:".length()));
			content.putArray("fields").add("deltaTime").add("value");
			content.putArray("required").add("deltaTime").add("value");
		}
		event.put("created", Ids.seconds(now));
		event.put("createdBy", access.id);
		event.put("modified", Ids.seconds(now));
		event.put("modifiedBy", access.id);
		String eventId = event.get("id").asString();
		if (!files.isEmpty()) {
			ArrayNode attachments = event.putArray("attachments");
			for (NewFile file : files) {
				String fileId = Ids.random(25);
				String readToken = access.id + "-" + Ids.random(27);
				ObjectNode attachment = attachments.addObject();
				attachment.put("id", fileId);
				attachment.put("fileName", file.fileName());
				attachment.put("type", file.type());
				attachment.put("size", file.bytes().length);
				attachment.put("integrity", "sha256-" + sha256(file.bytes()));
				attachment.put("readToken", readToken);
				account.files.put(fileId,
						new PlatformState.StoredFile(eventId, fileId, file.fileName(), file.type(), file.bytes(), readToken));
			}
		}
		account.events.add(event);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.set("event", event.deepCopy());
		return body;
	}

	private ObjectNode eventsUpdate(PlatformState.Account account, PlatformState.AccessRecord access, String id,
			JsonNode update) {
		if (!update.isObject()) {
			throw ApiError.invalidParameters("The parameters' format is invalid: 'update' must be an object");
		}
		ObjectNode event = readableEvent(account, access, id);
		Set<String> writable = allowed(account, access, "contribute");
		if (!writable.containsAll(streamIdsOf(event))) {
			throw ApiError.forbidden();
		}
		for (var field : update.properties()) {
			if (!EVENT_FIELDS.contains(field.getKey())) {
				throw ApiError.invalidParameters("The parameters' format is invalid: events cannot update '" + field.getKey() + "'");
			}
		}
		if (update.has("streamIds")) {
			Set<String> streamIds = streamIdsOf(update);
			if (streamIds.stream().anyMatch((s) -> account.stream(s) == null)) {
				throw new ApiError(400, "unknown-referenced-resource", "Unknown referenced stream");
			}
			if (!writable.containsAll(streamIds)) {
				throw ApiError.forbidden();
			}
		}
		update.properties().forEach((field) -> event.set(field.getKey(), field.getValue().deepCopy()));
		touch(event, access);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.set("event", event.deepCopy());
		return body;
	}

	private ObjectNode eventsDelete(PlatformState.Account account, PlatformState.AccessRecord access, String id) {
		ObjectNode event = readableEvent(account, access, id);
		if (!allowed(account, access, "contribute").containsAll(streamIdsOf(event))) {
			throw ApiError.forbidden();
		}
		ObjectNode body = this.state.mapper.createObjectNode();
		if (!event.path("trashed").asBoolean(false)) {
			event.put("trashed", true);
			touch(event, access);
			body.set("event", event.deepCopy());
			return body;
		}
		account.events.remove(event);
		account.files.values().removeIf((file) -> file.eventId().equals(id));
		account.seriesPoints.remove(id);
		ObjectNode deletion = this.state.mapper.createObjectNode();
		deletion.put("id", id);
		deletion.put("deleted", Ids.seconds(this.state.now()));
		account.eventDeletions.add(deletion);
		body.putObject("eventDeletion").put("id", id);
		return body;
	}

	private void touch(ObjectNode item, PlatformState.AccessRecord access) {
		item.put("modified", Ids.seconds(this.state.now()));
		item.put("modifiedBy", access.id);
	}

	// HF series

	ObjectNode seriesAdd(PlatformState.Account account, PlatformState.AccessRecord access, String eventId, JsonNode body) {
		synchronized (this.state) {
			ObjectNode event = seriesEvent(account, access, eventId);
			if (!allowed(account, access, "create").containsAll(streamIdsOf(event))) {
				throw ApiError.forbidden();
			}
			if (!body.path("format").asString("").equals("flatJSON") || !body.path("points").isArray()) {
				throw new ApiError(400, "invalid-request-structure",
						"Request body must be flatJSON: {\"format\": \"flatJSON\", \"fields\": [...], \"points\": [...]}", null, false);
			}
			if (!body.path("fields").equals(event.path("content").path("fields"))) {
				throw new ApiError(400, "invalid-request-structure",
						"\"fields\" field must contain valid field names for the series type.", null, false);
			}
			List<JsonNode> points = account.seriesPoints.computeIfAbsent(eventId, (id) -> new ArrayList<>());
			for (JsonNode point : body.get("points")) {
				if (!point.isArray() || point.size() != body.get("fields").size()) {
					throw new ApiError(400, "invalid-request-structure",
							"\"points\" must be arrays of as many values as \"fields\".", null, false);
				}
				points.add(point.deepCopy());
			}
			points.sort(Comparator.comparingDouble((JsonNode p) -> p.get(0).asDouble()));
			ObjectNode answer = this.state.mapper.createObjectNode();
			answer.put("status", "ok");
			return answer;
		}
	}

	ObjectNode seriesGet(PlatformState.Account account, PlatformState.AccessRecord access, String eventId, Double from,
			Double to) {
		synchronized (this.state) {
			ObjectNode event = seriesEvent(account, access, eventId);
			ObjectNode answer = this.state.mapper.createObjectNode();
			answer.put("format", "flatJSON");
			answer.set("fields", event.path("content").path("fields").deepCopy());
			ArrayNode out = answer.putArray("points");
			for (JsonNode point : account.seriesPoints.getOrDefault(eventId, List.of())) {
				double delta = point.get(0).asDouble();
				if ((from == null || delta >= from) && (to == null || delta <= to)) {
					out.add(point.deepCopy());
				}
			}
			return answer;
		}
	}

	private ObjectNode seriesEvent(PlatformState.Account account, PlatformState.AccessRecord access, String eventId) {
		ObjectNode event = readableEvent(account, access, eventId);
		if (!event.path("type").asString("").startsWith("series:")) {
			throw new ApiError(400, "invalid-operation", "The event \"" + eventId + "\" is not a series event.");
		}
		return event;
	}

	// streams

	private ObjectNode streamsGet(PlatformState.Account account, PlatformState.AccessRecord access) {
		Set<String> readable = allowed(account, access, "read");
		ObjectNode body = this.state.mapper.createObjectNode();
		ArrayNode roots = body.putArray("streams");
		for (ObjectNode stream : account.streams) {
			String parentId = stream.path("parentId").asString(null);
			if (readable.contains(stream.path("id").asString()) && (parentId == null || !readable.contains(parentId))) {
				roots.add(tree(account, stream));
			}
		}
		return body;
	}

	private ObjectNode tree(PlatformState.Account account, ObjectNode stream) {
		ObjectNode copy = stream.deepCopy();
		ArrayNode children = copy.putArray("children");
		String id = stream.path("id").asString();
		for (ObjectNode child : account.streams) {
			if (id.equals(child.path("parentId").asString(null))) {
				children.add(tree(account, child));
			}
		}
		return copy;
	}

	private ObjectNode streamsCreate(PlatformState.Account account, PlatformState.AccessRecord access, JsonNode params) {
		String name = params.path("name").asString(null);
		if (name == null || name.isBlank()) {
			throw ApiError.invalidParameters("The parameters' format is invalid: a stream needs a 'name'");
		}
		String parentId = params.path("parentId").asString(null);
		if (parentId != null && account.stream(parentId) == null) {
			ObjectNode data = this.state.mapper.createObjectNode().put("parentId", parentId);
			throw new ApiError(400, "unknown-referenced-resource", "Unknown referenced parent stream \"" + parentId + "\"",
					data, true);
		}
		if (!canManage(account, access, parentId)) {
			throw ApiError.forbidden();
		}
		String id = params.path("id").asString(null);
		if (id != null && account.stream(id) != null) {
			ObjectNode data = this.state.mapper.createObjectNode().put("id", id);
			throw new ApiError(409, "item-already-exists", "A stream with id \"" + id + "\" already exists", data, true);
		}
		ObjectNode stream = this.state.newStream((id != null) ? id : Ids.random(25), name, parentId, access.id);
		if (params.has("clientData")) {
			stream.set("clientData", params.get("clientData").deepCopy());
		}
		account.streams.add(stream);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.set("stream", stream.deepCopy());
		return body;
	}

	private boolean canManage(PlatformState.Account account, PlatformState.AccessRecord access, String streamId) {
		if (access.isPersonal()) {
			return true;
		}
		if (streamId == null) {
			for (JsonNode permission : access.permissions) {
				if (permission.path("streamId").asString("").equals("*") && permission.path("level").asString("").equals("manage")) {
					return true;
				}
			}
			return false;
		}
		return allowed(account, access, "manage").contains(streamId);
	}

	private ObjectNode streamsUpdate(PlatformState.Account account, PlatformState.AccessRecord access, String id,
			JsonNode update) {
		ObjectNode stream = account.stream(id);
		if (stream == null || !allowed(account, access, "read").contains(id)) {
			throw ApiError.unknownResource("stream", id);
		}
		if (!canManage(account, access, id)) {
			throw ApiError.forbidden();
		}
		if (update.has("parentId") && !update.get("parentId").isNull()) {
			String parentId = update.get("parentId").asString();
			if (account.stream(parentId) == null || account.withDescendants(id).contains(parentId)) {
				throw new ApiError(400, "unknown-referenced-resource", "Unknown referenced parent stream \"" + parentId + "\"");
			}
		}
		for (String field : List.of("name", "parentId", "clientData", "trashed")) {
			if (update.has(field)) {
				stream.set(field, update.get(field).deepCopy());
			}
		}
		touch(stream, access);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.set("stream", tree(account, stream));
		return body;
	}

	private ObjectNode streamsDelete(PlatformState.Account account, PlatformState.AccessRecord access, String id,
			JsonNode mergeEventsWithParent) {
		ObjectNode stream = account.stream(id);
		if (stream == null || !allowed(account, access, "read").contains(id)) {
			throw ApiError.unknownResource("stream", id);
		}
		if (!canManage(account, access, id)) {
			throw ApiError.forbidden();
		}
		ObjectNode body = this.state.mapper.createObjectNode();
		if (!stream.path("trashed").asBoolean(false)) {
			stream.put("trashed", true);
			touch(stream, access);
			body.set("stream", tree(account, stream));
			return body;
		}
		List<String> removed = account.withDescendants(id);
		List<ObjectNode> events = account.events.stream()
			.filter((event) -> streamIdsOf(event).stream().anyMatch(removed::contains))
			.toList();
		if (!events.isEmpty() && (mergeEventsWithParent == null || !mergeEventsWithParent.isBoolean())) {
			throw ApiError.invalidParameters("There are events referring to the deleted items and the "
					+ "`mergeEventsWithParent` parameter is missing.");
		}
		String parentId = stream.path("parentId").asString(null);
		for (ObjectNode event : events) {
			if (mergeEventsWithParent.asBoolean() && parentId != null) {
				ArrayNode ids = event.putArray("streamIds");
				Set<String> kept = new LinkedHashSet<>();
				streamIdsOf(event).forEach((s) -> kept.add(removed.contains(s) ? parentId : s));
				kept.forEach(ids::add);
			}
			else {
				account.events.remove(event);
				ObjectNode deletion = this.state.mapper.createObjectNode();
				deletion.put("id", event.path("id").asString());
				deletion.put("deleted", Ids.seconds(this.state.now()));
				account.eventDeletions.add(deletion);
			}
		}
		account.streams.removeIf((s) -> removed.contains(s.path("id").asString()));
		body.putObject("streamDeletion").put("id", id);
		return body;
	}

	// accesses

	private ObjectNode accessesGet(PlatformState.Account account, PlatformState.AccessRecord access) {
		ObjectNode body = this.state.mapper.createObjectNode();
		ArrayNode out = body.putArray("accesses");
		for (PlatformState.AccessRecord other : account.accesses) {
			if (!other.isPersonal() && (access.isPersonal() || other.createdBy.equals(access.id))) {
				out.add(accessJson(other));
			}
		}
		return body;
	}

	private ObjectNode accessJson(PlatformState.AccessRecord access) {
		ObjectNode json = this.state.mapper.createObjectNode();
		json.put("id", access.id);
		json.put("token", access.token);
		json.put("name", access.name);
		json.put("type", access.type);
		json.set("permissions", access.permissions.deepCopy());
		json.put("created", Ids.seconds(access.created));
		json.put("createdBy", access.createdBy);
		json.put("modified", Ids.seconds(access.created));
		json.put("modifiedBy", access.createdBy);
		json.put("apiEndpoint", this.state.apiEndpoint(access.username, access.token));
		return json;
	}

	private ObjectNode accessesCreate(PlatformState.Account account, PlatformState.AccessRecord access, JsonNode params) {
		String name = params.path("name").asString(null);
		if (name == null || name.isBlank() || !params.path("permissions").isArray()) {
			throw ApiError.invalidParameters("The parameters' format is invalid: an access needs a 'name' and 'permissions'");
		}
		String type = params.path("type").asString("shared");
		if (!Set.of("app", "shared").contains(type) || (!access.isPersonal() && !type.equals("shared"))) {
			throw ApiError.forbidden();
		}
		ArrayNode permissions = this.state.mapper.createArrayNode();
		for (JsonNode requested : params.get("permissions")) {
			String streamId = requested.path("streamId").asString("*");
			String level = requested.path("level").asString("read");
			if (!access.isPersonal() && !canGrant(account, access, streamId, level)) {
				throw ApiError.forbidden();
			}
			ObjectNode permission = permissions.addObject();
			permission.put("level", level);
			permission.put("streamId", streamId);
		}
		PlatformState.AccessRecord created = this.state.grant(account, name, type, permissions, access.id);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.set("access", accessJson(created));
		return body;
	}

	private boolean canGrant(PlatformState.Account account, PlatformState.AccessRecord access, String streamId, String level) {
		return !streamId.equals("*") && allowed(account, access, "manage").contains(streamId) || (level.equals("read")
				&& allowed(account, access, "read").contains(streamId) && canManage(account, access, streamId));
	}

	private ObjectNode accessesDelete(PlatformState.Account account, PlatformState.AccessRecord access, String id) {
		PlatformState.AccessRecord target = null;
		for (PlatformState.AccessRecord other : account.accesses) {
			if (other.id.equals(id)) {
				target = other;
			}
		}
		if (target == null) {
			throw ApiError.unknownResource("access", id);
		}
		if (!access.isPersonal() && !target.id.equals(access.id) && !target.createdBy.equals(access.id)) {
			throw ApiError.forbidden();
		}
		this.state.revoke(account, id);
		ObjectNode body = this.state.mapper.createObjectNode();
		body.putObject("accessDeletion").put("id", id);
		return body;
	}

	// helpers

	/** @return the event's stream ids ({@code streamIds}, or the deprecated {@code streamId}) */
	static Set<String> streamIdsOf(JsonNode event) {
		Set<String> ids = new LinkedHashSet<>();
		event.path("streamIds").forEach((id) -> ids.add(id.asString()));
		if (event.hasNonNull("streamId")) {
			ids.add(event.get("streamId").asString());
		}
		return ids;
	}

	private static boolean typeMatches(String wanted, String type) {
		return wanted.endsWith("/*") ? type.startsWith(wanted.substring(0, wanted.length() - 1)) : wanted.equals(type);
	}

	/** A list of strings from a string, an array of strings or a stream query ({@code {"any": [...]}}). */
	private static List<String> strings(JsonNode value, String name) {
		List<String> out = new ArrayList<>();
		if (value == null || value.isNull()) {
			return out;
		}
		if (value.isString()) {
			out.add(value.asString());
			return out;
		}
		if (value.isObject() && value.has("any")) {
			return strings(value.get("any"), name);
		}
		if (value.isArray()) {
			for (JsonNode item : value) {
				out.addAll(strings(item, name));
			}
			return out;
		}
		throw ApiError.invalidParameters("The parameters' format is invalid: '" + name + "' must be strings");
	}

	private Double number(JsonNode params, String name) {
		JsonNode value = params.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return value.asDouble();
		}
		if (value.isString()) {
			try {
				return Double.valueOf(value.asString());
			}
			catch (NumberFormatException ex) {
				// answered below, as the platform answers
			}
		}
		ArrayNode data = this.state.mapper.createArrayNode();
		ObjectNode detail = data.addObject();
		detail.put("code", "INVALID_TYPE");
		detail.putArray("params").addArray().add("number");
		detail.put("message", "must be number");
		detail.put("path", "#/" + name);
		throw new ApiError(400, "invalid-parameters-format", "The parameters' format is invalid.", data, true);
	}

	private static boolean bool(JsonNode params, String name) {
		JsonNode value = params.get(name);
		return value != null && (value.asBoolean(false) || "true".equals(value.asString("")));
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.Base64.getEncoder()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
