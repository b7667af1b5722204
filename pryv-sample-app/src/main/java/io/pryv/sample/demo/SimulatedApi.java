package io.pryv.sample.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call to a user's API on the simulated platform
 * ({@code /{username}/access-info}, {@code streams}, {@code events},
 * attachments, {@code accesses/{id}}), checked against the caller's access.
 */
final class SimulatedApi {

	private static final int DEFAULT_LIMIT = 20;

	private final SimulatedPlatformRoutes routes;

	private final SimulatedUsers users;

	private final Request request;

	private final RequestMethod method;

	private final String username;

	private final List<String> path;

	SimulatedApi(SimulatedPlatformRoutes routes, Request request, RequestMethod method, String[] parts) {
		this.routes = routes;
		this.users = routes.users();
		this.request = request;
		this.method = method;
		this.username = parts[0];
		List<String> rest = new ArrayList<>(List.of(parts).subList(1, parts.length));
		rest.removeIf(String::isEmpty);
		this.path = rest;
	}

	ResponseDefinition answer() {
		if (this.path.size() == 3 && this.path.get(0).equals("events") && this.method.equals(RequestMethod.GET)) {
			return attachment(this.path.get(1), this.path.get(2));
		}
		SimulatedUsers.Access access = this.users.access(this.username, this.request.getHeader("Authorization"));
		if (access == null) {
			return this.routes.error(403, "invalid-access-token", "Cannot find access from token.");
		}
		String first = this.path.isEmpty() ? "" : this.path.get(0);
		if (this.path.size() == 1 && first.equals("access-info") && this.method.equals(RequestMethod.GET)) {
			return accessInfo(access);
		}
		if (this.path.size() == 1 && first.equals("streams") && this.method.equals(RequestMethod.GET)) {
			ObjectNode body = this.routes.mapper().createObjectNode();
			body.set("streams", this.users.user(this.username).streams.deepCopy());
			return this.routes.json(200, this.routes.withMeta(body));
		}
		if (this.path.size() == 1 && first.equals("events") && this.method.equals(RequestMethod.GET)) {
			return events(access);
		}
		if (this.path.size() == 2 && first.equals("events") && this.method.equals(RequestMethod.GET)) {
			return event(access, this.path.get(1));
		}
		if (this.path.size() == 1 && first.equals("events") && this.method.equals(RequestMethod.POST)) {
			return createEvent(access);
		}
		if (this.path.size() == 2 && first.equals("accesses") && this.method.equals(RequestMethod.DELETE)) {
			if (!this.users.revoke(this.username, this.path.get(1))) {
				return this.routes.error(404, "unknown-resource", "Unknown access \"" + this.path.get(1) + "\"");
			}
			ObjectNode body = this.routes.mapper().createObjectNode();
			body.putObject("accessDeletion").put("id", this.path.get(1));
			return this.routes.json(200, this.routes.withMeta(body));
		}
		return this.routes.error(404, "unknown-resource",
				"The simulation does not serve " + this.method + " /" + this.username + "/" + String.join("/", this.path));
	}

	private ResponseDefinition accessInfo(SimulatedUsers.Access access) {
		ObjectNode body = this.routes.mapper().createObjectNode();
		body.put("type", "app");
		body.put("name", access.appId());
		body.put("id", access.id());
		body.put("token", access.token());
		body.set("permissions", access.permissions());
		body.put("created", SimulatedUsers.seconds(access.created()));
		body.put("createdBy", "system");
		body.put("modified", SimulatedUsers.seconds(access.created()));
		body.put("modifiedBy", "system");
		body.putObject("user").put("username", this.username);
		return this.routes.json(200, this.routes.withMeta(body));
	}

	/** The stream ids an access may read (all, or those its permissions name and their children). */
	private Set<String> readable(SimulatedUsers.Access access, boolean write) {
		ArrayNode streams = this.users.user(this.username).streams;
		Set<String> ids = new HashSet<>();
		for (JsonNode permission : access.permissions()) {
			String level = permission.path("level").asString("");
			if (write && level.equals("read")) {
				continue;
			}
			String streamId = permission.path("streamId").asString("");
			if (streamId.equals("*")) {
				streams.forEach((stream) -> ids.addAll(SimulatedUsers.withDescendants(streams, stream.path("id").asString())));
			}
			else {
				ids.addAll(SimulatedUsers.withDescendants(streams, streamId));
			}
		}
		return ids;
	}

	private ResponseDefinition events(SimulatedUsers.Access access) {
		Double fromTime = number("fromTime");
		Double toTime = number("toTime");
		Double limit = number("limit");
		Double skip = number("skip");
		boolean ascending = "true".equals(first("sortAscending"));
		ArrayNode streams = this.users.user(this.username).streams;
		Set<String> allowed = readable(access, false);
		Set<String> wanted = null;
		List<String> streamParams = SimulatedPlatformRoutes.queryValues(this.request, "streams");
		if (!streamParams.isEmpty()) {
			wanted = new HashSet<>();
			for (String id : streamParams) {
				Set<String> found = SimulatedUsers.withDescendants(streams, id);
				if (found.isEmpty()) {
					ObjectNode body = this.routes.errorBody("unknown-referenced-resource",
							"Unknown referenced stream \"" + id + "\"");
					((ObjectNode) body.get("error")).putObject("data").putArray("streams").add(id);
					return this.routes.json(400, body);
				}
				wanted.addAll(found);
			}
		}
		List<String> types = SimulatedPlatformRoutes.queryValues(this.request, "types");
		int max = (limit != null) ? limit.intValue()
				: (fromTime == null && toTime == null) ? DEFAULT_LIMIT : Integer.MAX_VALUE;
		int toSkip = (skip != null) ? skip.intValue() : 0;
		List<ObjectNode> all;
		SimulatedUsers.UserData data = this.users.user(this.username);
		synchronized (data) {
			all = new ArrayList<>(data.events);
		}
		if (ascending) {
			java.util.Collections.reverse(all);
		}
		ObjectNode body = this.routes.mapper().createObjectNode();
		ArrayNode out = body.putArray("events");
		for (ObjectNode event : all) {
			Set<String> ids = SimulatedPlatformRoutes.streamIdsOf(event);
			double time = event.path("time").asDouble();
			boolean match = ids.stream().anyMatch(allowed::contains)
					&& (wanted == null || ids.stream().anyMatch(wanted::contains))
					&& (fromTime == null || time >= fromTime) && (toTime == null || time <= toTime)
					&& (types.isEmpty() || types.stream().anyMatch((type) -> typeMatches(type, event.path("type").asString())));
			if (match && toSkip-- <= 0) {
				out.add(event);
				if (out.size() >= max) {
					break;
				}
			}
		}
		this.routes.withMeta(body);
		return new ResponseDefinitionBuilder().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("api-version", "2.0.0-pre.4")
			.withBody(this.routes.mapper().writeValueAsBytes(body))
			.build();
	}

	private ResponseDefinition event(SimulatedUsers.Access access, String eventId) {
		SimulatedUsers.UserData data = this.users.user(this.username);
		Set<String> allowed = readable(access, false);
		ObjectNode found = null;
		synchronized (data) {
			for (ObjectNode event : data.events) {
				if (event.path("id").asString().equals(eventId)) {
					found = event;
					break;
				}
			}
		}
		if (found == null || SimulatedPlatformRoutes.streamIdsOf(found).stream().noneMatch(allowed::contains)) {
			return this.routes.error(404, "unknown-resource", "Unknown event \"" + eventId + "\"");
		}
		ObjectNode body = this.routes.mapper().createObjectNode();
		body.set("event", found);
		return this.routes.json(200, this.routes.withMeta(body));
	}

	private static boolean typeMatches(String wanted, String type) {
		return wanted.endsWith("/*") ? type.startsWith(wanted.substring(0, wanted.length() - 1)) : wanted.equals(type);
	}

	private String first(String name) {
		List<String> values = SimulatedPlatformRoutes.queryValues(this.request, name);
		return values.isEmpty() ? null : values.get(0);
	}

	private Double number(String name) {
		String value = first(name);
		if (value == null) {
			return null;
		}
		try {
			return Double.valueOf(value);
		}
		catch (NumberFormatException ex) {
			ObjectNode body = this.routes.errorBody("invalid-parameters-format", "The parameters' format is invalid.");
			ObjectNode detail = ((ObjectNode) body.get("error")).putArray("data").addObject();
			detail.put("code", "INVALID_TYPE");
			detail.put("message", "must be number");
			detail.put("path", "#/" + name);
			throw new SimulatedPlatformRoutes.BadRequest(this.routes.json(400, body));
		}
	}

	private ResponseDefinition createEvent(SimulatedUsers.Access access) {
		JsonNode params;
		List<Request.Part> files = new ArrayList<>();
		if (this.request.isMultipart()) {
			Request.Part eventPart = this.request.getPart("event");
			if (eventPart == null) {
				return this.routes.error(400, "invalid-request-structure", "A multipart event needs an 'event' part");
			}
			params = this.routes.readJson(eventPart.getBody().asBytes());
			for (Request.Part part : this.request.getParts()) {
				if (!part.getName().equals("event")) {
					files.add(part);
				}
			}
		}
		else {
			params = this.routes.readJson(this.request);
		}
		ObjectNode event = ((ObjectNode) params).deepCopy();
		if (event.hasNonNull("streamId") && !event.has("streamIds")) {
			event.putArray("streamIds").add(event.get("streamId").asString());
		}
		event.remove("streamId");
		Set<String> streamIds = SimulatedPlatformRoutes.streamIdsOf(event);
		if (streamIds.isEmpty() || !SimulatedPlatformRoutes.validType(event.path("type").asString(null))) {
			return this.routes.error(400, "invalid-parameters-format",
					"The parameters' format is invalid: an event needs streamIds and a type such as note/txt");
		}
		ArrayNode streams = this.users.user(this.username).streams;
		for (String id : streamIds) {
			if (SimulatedUsers.withDescendants(streams, id).isEmpty()) {
				return this.routes.error(400, "unknown-referenced-resource", "Unknown referenced stream \"" + id + "\"");
			}
		}
		if (!readable(access, true).containsAll(streamIds)) {
			return this.routes.error(403, "forbidden", "The given token's access permissions do not allow this operation.");
		}
		String eventId = null;
		List<SimulatedUsers.StoredFile> stored = new ArrayList<>();
		if (!files.isEmpty()) {
			ArrayNode attachments = event.putArray("attachments");
			for (Request.Part part : files) {
				byte[] bytes = part.getBody().asBytes();
				if (bytes.length > SimulatedUsers.MAX_ATTACHMENT_BYTES) {
					return this.routes.error(413, "invalid-parameters-format", "The simulation keeps files up to 5 MB");
				}
				String type = (part.getHeader("Content-Type") != null && part.getHeader("Content-Type").isPresent())
						? part.getHeader("Content-Type").firstValue() : "application/octet-stream";
				String fileName = (part.getFileName() != null) ? part.getFileName() : part.getName();
				String id = SimulatedAuthRequests.randomId(25);
				String readToken = access.id() + "-" + SimulatedAuthRequests.randomId(27);
				ObjectNode attachment = attachments.addObject();
				attachment.put("id", id);
				attachment.put("fileName", fileName);
				attachment.put("type", type);
				attachment.put("size", bytes.length);
				attachment.put("readToken", readToken);
				stored.add(new SimulatedUsers.StoredFile(null, id, fileName, type, bytes, readToken));
			}
		}
		ObjectNode created = this.users.addEvent(this.username, access.id(), event);
		eventId = created.get("id").asString();
		SimulatedUsers.UserData data = this.users.user(this.username);
		for (SimulatedUsers.StoredFile file : stored) {
			data.files.put(file.id(), new SimulatedUsers.StoredFile(eventId, file.id(), file.fileName(), file.type(),
					file.bytes(), file.readToken()));
		}
		ObjectNode body = this.routes.mapper().createObjectNode();
		body.set("event", created);
		return this.routes.json(201, this.routes.withMeta(body));
	}

	private ResponseDefinition attachment(String eventId, String fileId) {
		SimulatedUsers.StoredFile file = this.users.user(this.username).files.get(fileId);
		String readToken = first("readToken");
		boolean allowed = file != null && file.eventId().equals(eventId)
				&& ((readToken != null && readToken.equals(file.readToken()))
						|| this.users.access(this.username, this.request.getHeader("Authorization")) != null);
		if (!allowed) {
			return (file == null) ? this.routes.error(404, "unknown-resource", "Unknown attachment \"" + fileId + "\"")
					: this.routes.error(403, "invalid-access-token", "Cannot find access from token.");
		}
		return new ResponseDefinitionBuilder().withStatus(200)
			.withHeader("Content-Type", file.type())
			.withHeader("api-version", "2.0.0-pre.4")
			.withBody(file.bytes())
			.build();
	}

}
