package io.pryv.spring.boot.test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of the {@link SimulatedPryvPlatform}: one WireMock transformer
 * that records every request, applies the injected faults, and routes the
 * request to the register (service info, users, auth requests), the consent
 * page, the assets, or a user's API, answering with the status codes, bodies
 * and error ids of open-pryv.io 2.0.
 */
final class PlatformRoutes implements ResponseDefinitionTransformerV2 {

	static final String NAME = "pryv-simulated-platform";

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9-]{3,58}[a-z0-9]");

	private final PlatformState state;

	private final ApiMethods methods;

	private final RecordedRequests recorded;

	private final PlatformFaults faults;

	PlatformRoutes(PlatformState state, RecordedRequests recorded, PlatformFaults faults) {
		this.state = state;
		this.methods = new ApiMethods(state);
		this.recorded = recorded;
		this.faults = faults;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		String path = URI.create(request.getUrl()).getRawPath();
		String method = request.getMethod().getName();
		record(request);
		PlatformFaults.InjectedFault fault = this.faults.take(method, path);
		if (fault != null && fault.kind == PlatformFaults.Kind.RESET) {
			return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
		}
		if (fault != null && fault.kind == PlatformFaults.Kind.SERVER_ERROR) {
			return json(fault.value, errorBody(new ApiError(fault.value, "unexpected-error",
					"Simulated fault: the platform answers " + fault.value)));
		}
		ResponseDefinition answer;
		try {
			answer = route(request, method, path);
		}
		catch (ApiError ex) {
			answer = json(ex.status, errorBody(ex));
		}
		if (fault != null && fault.kind == PlatformFaults.Kind.SLOW) {
			return ResponseDefinitionBuilder.like(answer).withFixedDelay((int) Math.min(Integer.MAX_VALUE, fault.delayMs)).build();
		}
		if (fault != null && fault.kind == PlatformFaults.Kind.CUT) {
			return ResponseDefinitionBuilder.like(answer).withBody(cut(answer.getByteBody(), fault.value)).build();
		}
		return answer;
	}

	private void record(Request request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (HttpHeader header : request.getHeaders().all()) {
			headers.computeIfAbsent(header.key().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>()).addAll(header.values());
		}
		byte[] body = (request.getBody() != null) ? request.getBody() : new byte[0];
		this.recorded.add(new RecordedRequest(request.getMethod().getName(), request.getUrl(), headers, body,
				this.state.clock.instant()));
	}

	/** An events answer cut after {@code events} whole events, mid-way through the next; any other answer halfway. */
	private byte[] cut(byte[] body, int events) {
		try {
			JsonNode json = this.state.mapper.readTree(body);
			if (json.path("events").isArray()) {
				StringBuilder out = new StringBuilder("{\"events\":[");
				for (int i = 0; i < events && i < json.get("events").size(); i++) {
					out.append((i > 0) ? "," : "").append(this.state.mapper.writeValueAsString(json.get("events").get(i)));
				}
				out.append((events > 0) ? "," : "").append("{\"id\":\"");
				return out.toString().getBytes(StandardCharsets.UTF_8);
			}
		}
		catch (JacksonException ex) {
			// not JSON: cut halfway below
		}
		return java.util.Arrays.copyOf(body, body.length / 2);
	}

	private ResponseDefinition route(Request request, String method, String path) {
		if (path.startsWith("/reg/")) {
			return register(request, method, path.substring("/reg/".length()));
		}
		if (path.equals("/users") && method.equals("POST")) {
			return createUser(request);
		}
		if (path.equals("/access/access.html") && method.equals("GET")) {
			return consentPage(request);
		}
		if (path.equals("/access/consent") && method.equals("POST")) {
			return consent(request);
		}
		if (path.equals("/www/assets/index.json") && method.equals("GET")) {
			return json(200, assets());
		}
		if (path.equals("/www/assets/lib-js/buttonSignIn.css") && method.equals("GET")) {
			return text(200, "text/css", ConsentPage.BUTTON_CSS);
		}
		String[] parts = path.substring(1).split("/", -1);
		if (USERNAME.matcher(parts[0]).matches()) {
			List<String> rest = new ArrayList<>(List.of(parts).subList(1, parts.length));
			rest.removeIf(String::isEmpty);
			return userApi(request, method, parts[0], rest);
		}
		throw ApiError.unknownResource("resource", path);
	}

	// register

	private ResponseDefinition register(Request request, String method, String rest) {
		if (rest.equals("service/info") && method.equals("GET")) {
			return json(200, withMetaFirst(serviceInfo()));
		}
		if ((rest.equals("access") || rest.equals("access/")) && method.equals("POST")) {
			return startAuthRequest(readJson(request));
		}
		if (rest.startsWith("access/")) {
			String key = rest.substring("access/".length());
			if (method.equals("GET")) {
				return poll(key);
			}
			if (method.equals("POST")) {
				return answerFromUi(key, readJson(request));
			}
		}
		if (rest.equals("users") && method.equals("POST")) {
			return createUser(request);
		}
		if (rest.equals("hostings") && method.equals("GET")) {
			return json(200, withMetaFirst(hostings()));
		}
		String[] parts = rest.split("/");
		if (parts.length == 2 && parts[1].equals("server") && method.equals("POST")) {
			if (this.state.account(parts[0]) == null) {
				throw new ApiError(404, "unknown-user", "Unknown user", null, false);
			}
			ObjectNode answer = this.state.mapper.createObjectNode();
			answer.put("server", this.state.baseUrl);
			answer.put("alias", parts[0]);
			return json(200, answer);
		}
		if (parts.length == 2 && parts[1].equals("check_username") && method.equals("GET")) {
			ObjectNode answer = this.state.mapper.createObjectNode();
			answer.put("reserved", this.state.account(parts[0]) != null);
			return json(200, withMetaFirst(answer));
		}
		if (parts.length == 2 && parts[1].equals("uid") && method.equals("GET")) {
			String email = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
			for (String username : this.state.usernames()) {
				PlatformState.Account account = this.state.account(username);
				synchronized (this.state) {
					if (email.equalsIgnoreCase(account.email)) {
						return json(200, this.state.mapper.createObjectNode().put("uid", username));
					}
				}
			}
			throw new ApiError(404, "unknown-email", "Unknown email", null, false);
		}
		throw ApiError.unknownResource("resource", "/reg/" + rest);
	}

	ObjectNode serviceInfo() {
		String base = this.state.baseUrl;
		ObjectNode info = this.state.mapper.createObjectNode();
		info.put("access", base + "/reg/access/");
		info.put("name", this.state.name);
		info.put("serial", PlatformState.SERIAL);
		info.put("home", base + "/");
		info.put("support", base + "/");
		info.put("terms", base + "/");
		info.put("eventTypes", "https://pryv.github.io/event-types/flat.json");
		info.putObject("assets").put("definitions", base + "/www/assets/index.json");
		info.put("api", base + "/{username}/");
		info.put("register", base + "/reg/");
		info.putObject("features");
		info.put("version", PlatformState.API_VERSION);
		return info;
	}

	private ObjectNode hostings() {
		ObjectNode answer = this.state.mapper.createObjectNode();
		ObjectNode hosting = answer.putObject("regions").putObject("default").put("name", "Default").putObject("zones")
			.putObject("default").put("name", "Default").putObject("hostings").putObject("default");
		hosting.put("name", "Default");
		hosting.put("available", true);
		hosting.put("availableCore", this.state.baseUrl + "/");
		return answer;
	}

	private ObjectNode assets() {
		ObjectNode assets = this.state.mapper.createObjectNode();
		ObjectNode button = assets.putObject("lib-js").putObject("buttonSignIn");
		button.put("css", "lib-js/buttonSignIn.css");
		button.putObject("messages").putObject("LOGIN").put("en", "Sign in with " + this.state.name);
		return assets;
	}

	private ResponseDefinition createUser(Request request) {
		JsonNode body = readJson(request);
		String appId = body.path("appId").asString("");
		String username = body.path("username").asString("");
		String password = body.path("password").asString("");
		String email = body.path("email").asString("");
		if (appId.length() < 6 || !USERNAME.matcher(username).matches() || password.length() < 6 || password.length() > 100
				|| !email.contains("@")) {
			throw ApiError.invalidParameters("The parameters' format is invalid: a user needs an appId (6+ characters), "
					+ "a username (5-60 characters: a-z, 0-9, -), a password (6-100 characters) and an email");
		}
		synchronized (this.state) {
			ObjectNode data = this.state.mapper.createObjectNode();
			if (this.state.account(username) != null) {
				data.put("username", username);
			}
			for (String other : this.state.usernames()) {
				if (email.equalsIgnoreCase(this.state.account(other).email)) {
					data.put("email", email);
				}
			}
			if (!data.isEmpty()) {
				throw new ApiError(409, "item-already-exists", "An user with username \"" + username + "\", email \""
						+ email + "\" already exists", data, true);
			}
		}
		PlatformState.Account account = this.state.accountOrCreate(username);
		PlatformState.AccessRecord access;
		synchronized (this.state) {
			account.password = password;
			account.email = email;
			access = this.state.grant(account, appId, "personal", this.state.mapper.createArrayNode(), null);
		}
		ObjectNode answer = this.state.mapper.createObjectNode();
		answer.put("username", username);
		answer.put("apiEndpoint", this.state.apiEndpoint(username, access.token));
		return json(201, withMetaFirst(answer));
	}

	// auth requests

	private ResponseDefinition startAuthRequest(JsonNode body) {
		String appId = body.path("requestingAppId").asString("");
		if (appId.length() < 6) {
			throw new ApiError(400, "invalid-parameters", "Missing or invalid requestingAppId", null, false);
		}
		if (!body.path("requestedPermissions").isArray()) {
			throw new ApiError(400, "invalid-parameters", "Missing or invalid requestedPermissions", null, false);
		}
		PlatformState.AuthRequestRecord created = this.state.createAuthRequest(appId, body);
		ObjectNode answer = this.state.mapper.createObjectNode();
		answer.put("status", "NEED_SIGNIN");
		answer.put("key", created.key);
		answer.put("authUrl", authUrl(created));
		answer.put("poll", pollUrl(created.key));
		answer.put("poll_rate_ms", this.state.pollRateMs);
		return json(201, answer);
	}

	private String pollUrl(String key) {
		return this.state.baseUrl + "/reg/access/" + key;
	}

	String authUrl(PlatformState.AuthRequestRecord request) {
		StringBuilder url = new StringBuilder(this.state.baseUrl).append("/access/access.html?lang=")
			.append(encode(request.body.path("languageCode").asString("en")))
			.append("&key=").append(request.key)
			.append("&requestingAppId=").append(encode(request.appId))
			.append("&poll=").append(encode(pollUrl(request.key)))
			.append("&poll_rate_ms=").append(this.state.pollRateMs)
			.append("&serviceInfo=").append(encode(this.state.baseUrl + "/reg/service/info"));
		if (request.returnUrl() != null) {
			url.append("&returnURL=").append(encode(request.returnUrl()));
		}
		return url.toString();
	}

	/** @return where the consent page sends the browser back to once answered, or {@code null} without returnURL */
	String returnLocation(PlatformState.AuthRequestRecord request) {
		String returnUrl = request.returnUrl();
		if (returnUrl == null) {
			return null;
		}
		return returnUrl + "prYvkey=" + request.key + "&prYvstatus=" + request.state + "&prYvpoll="
				+ encode(pollUrl(request.key));
	}

	private ResponseDefinition poll(String key) {
		PlatformState.AuthRequestRecord request = this.state.authRequest(key);
		if (request == null) {
			throw new ApiError(400, "unknown-access-key", "Unknown or expired access key", null, false);
		}
		synchronized (this.state) {
			return switch (request.state) {
				case "ACCEPTED" -> json(200, accepted(request));
				case "REFUSED" -> json(403, refused());
				default -> json(201, needSignin(request));
			};
		}
	}

	private ObjectNode needSignin(PlatformState.AuthRequestRecord request) {
		ObjectNode answer = this.state.mapper.createObjectNode();
		answer.put("status", "NEED_SIGNIN");
		ObjectNode info = serviceInfo();
		info.remove("features");
		info.remove("version");
		answer.set("serviceInfo", info);
		answer.put("key", request.key);
		answer.put("requestingAppId", request.appId);
		answer.set("requestedPermissions", request.body.get("requestedPermissions").deepCopy());
		answer.put("poll", pollUrl(request.key));
		answer.put("authUrl", authUrl(request));
		answer.put("poll_rate_ms", this.state.pollRateMs);
		answer.put("lang", request.body.path("languageCode").asString("en"));
		answer.put("returnURL", request.returnUrl());
		answer.set("oauthState", request.body.hasNonNull("oauthState") ? request.body.get("oauthState").deepCopy()
				: this.state.mapper.nullNode());
		answer.set("clientData", request.body.hasNonNull("clientData") ? request.body.get("clientData").deepCopy()
				: this.state.mapper.nullNode());
		return answer;
	}

	private ObjectNode accepted(PlatformState.AuthRequestRecord request) {
		ObjectNode answer = this.state.mapper.createObjectNode();
		answer.put("status", "ACCEPTED");
		answer.put("username", request.username);
		answer.put("token", request.token);
		answer.put("apiEndpoint", this.state.apiEndpoint(request.username, request.token));
		return answer;
	}

	private ObjectNode refused() {
		ObjectNode answer = this.state.mapper.createObjectNode();
		answer.put("status", "REFUSED");
		answer.put("reasonId", "REFUSED_BY_USER");
		answer.put("message", "The user refused to give access");
		return answer;
	}

	/** What the platform's own consent page posts to {@code /reg/access/{key}} (the {@code auth-*-by-ui} fixtures). */
	private ResponseDefinition answerFromUi(String key, JsonNode body) {
		PlatformState.AuthRequestRecord request = this.state.authRequest(key);
		if (request == null) {
			throw new ApiError(400, "unknown-access-key", "Unknown or expired access key", null, false);
		}
		String status = body.path("status").asString("");
		try {
			if (status.equals("ACCEPTED")) {
				String username = body.path("username").asString("");
				if (!USERNAME.matcher(username).matches()) {
					throw new ApiError(400, "invalid-parameters", "Missing or invalid username", null, false);
				}
				this.state.accept(request, username);
				return json(200, accepted(request));
			}
			if (status.equals("REFUSED")) {
				this.state.refuse(request);
				return json(403, refused());
			}
		}
		catch (IllegalStateException ex) {
			throw new ApiError(400, "invalid-parameters", "The access request was already answered", null, false);
		}
		throw new ApiError(400, "invalid-parameters", "status must be ACCEPTED or REFUSED", null, false);
	}

	private ResponseDefinition consentPage(Request request) {
		String key = queryValue(request, "key");
		PlatformState.AuthRequestRecord authRequest = (key != null) ? this.state.authRequest(key) : null;
		if (authRequest == null) {
			return text(404, "text/html; charset=utf-8", ConsentPage.message("Unknown or expired request",
					"This sign-in request does not exist or has expired. Go back to the app and start again."));
		}
		return text(200, "text/html; charset=utf-8", ConsentPage.form(this.state.name, authRequest));
	}

	private ResponseDefinition consent(Request request) {
		Map<String, List<String>> form = parseQuery(request.getBodyAsString());
		String key = first(form, "key");
		PlatformState.AuthRequestRecord authRequest = (key != null) ? this.state.authRequest(key) : null;
		if (authRequest == null || !authRequest.state.equals("NEED_SIGNIN")) {
			return text(400, "text/html; charset=utf-8", ConsentPage.message("Unknown or expired request",
					"This sign-in request does not exist, has expired or was already answered."));
		}
		String username = String.valueOf(first(form, "username")).strip().toLowerCase(Locale.ROOT);
		try {
			if ("accept".equals(first(form, "decision"))) {
				if (!USERNAME.matcher(username).matches()) {
					return text(400, "text/html; charset=utf-8", ConsentPage.message("Invalid username",
							"A username has 5 to 60 characters: lowercase letters, digits and dashes."));
				}
				this.state.accept(authRequest, username);
			}
			else {
				this.state.refuse(authRequest);
			}
		}
		catch (IllegalStateException ex) {
			return text(400, "text/html; charset=utf-8",
					ConsentPage.message("Already answered", "This sign-in request was already answered."));
		}
		String location = returnLocation(authRequest);
		if (location == null) {
			return text(200, "text/html; charset=utf-8",
					ConsentPage.message("Done", "You can close this window and go back to the app."));
		}
		return new ResponseDefinitionBuilder().withStatus(302).withHeader("Location", location).build();
	}

	// a user's API

	private ResponseDefinition userApi(Request request, String method, String username, List<String> path) {
		if (path.equals(List.of("auth", "login")) && method.equals("POST")) {
			return login(request, username);
		}
		PlatformState.Account account = this.state.account(username);
		if (account == null) {
			throw ApiError.unknownResource("user", username);
		}
		if (path.size() == 3 && path.get(0).equals("events") && method.equals("GET") && !path.get(2).equals("series")) {
			return attachment(request, account, path.get(1), path.get(2));
		}
		String token = request.getHeader("Authorization");
		if (token == null) {
			token = queryValue(request, "auth");
		}
		PlatformState.AccessRecord access = this.state.access(username, token);
		if (access == null) {
			throw ApiError.invalidAccessToken();
		}
		if (path.isEmpty() && method.equals("POST")) {
			return batch(request, account, access);
		}
		String first = path.isEmpty() ? "" : path.get(0);
		String id = (path.size() >= 2) ? URLDecoder.decode(path.get(1), StandardCharsets.UTF_8) : null;
		if (path.size() == 3 && first.equals("events") && path.get(2).equals("series")) {
			if (method.equals("POST")) {
				return json(200, withMetaLast(this.methods.seriesAdd(account, access, id, readJson(request))));
			}
			if (method.equals("GET")) {
				ObjectNode query = queryParams(request);
				return json(200, withMetaLast(this.methods.seriesGet(account, access, id, number(query, "fromDeltaTime"),
						number(query, "toDeltaTime"))));
			}
		}
		if (path.size() == 1 && first.equals("access-info") && method.equals("GET")) {
			return ok(200, call(account, access, "getAccessInfo", null));
		}
		if (path.size() == 1 && first.equals("events") && method.equals("GET")) {
			ObjectNode result = call(account, access, "events.get", queryParams(request));
			return new ResponseDefinitionBuilder().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withHeader("api-version", PlatformState.API_VERSION)
				.withBody(this.state.mapper.writeValueAsBytes(withMetaLast(result)))
				.build();
		}
		if (path.size() == 1 && first.equals("events") && method.equals("POST")) {
			return ok(201, createEvent(request, account, access));
		}
		if (path.size() == 2 && first.equals("events")) {
			return switch (method) {
				case "GET" -> ok(200, call(account, access, "events.getOne", params("id", id)));
				case "PUT" -> ok(200, call(account, access, "events.update", params("id", id).set("update", readJson(request))));
				case "DELETE" -> ok(200, call(account, access, "events.delete", params("id", id)));
				default -> throw ApiError.unknownResource("resource", request.getUrl());
			};
		}
		if (path.size() == 1 && first.equals("streams") && method.equals("GET")) {
			return ok(200, call(account, access, "streams.get", queryParams(request)));
		}
		if (path.size() == 1 && first.equals("streams") && method.equals("POST")) {
			return ok(201, call(account, access, "streams.create", readJson(request)));
		}
		if (path.size() == 2 && first.equals("streams")) {
			ObjectNode params = params("id", id);
			switch (method) {
				case "PUT":
					return ok(200, call(account, access, "streams.update", params.set("update", readJson(request))));
				case "DELETE":
					String merge = queryValue(request, "mergeEventsWithParent");
					if (merge != null) {
						params.put("mergeEventsWithParent", Boolean.parseBoolean(merge));
					}
					return ok(200, call(account, access, "streams.delete", params));
				default:
					throw ApiError.unknownResource("resource", request.getUrl());
			}
		}
		if (path.size() == 1 && first.equals("accesses") && method.equals("GET")) {
			return ok(200, call(account, access, "accesses.get", null));
		}
		if (path.size() == 1 && first.equals("accesses") && method.equals("POST")) {
			return ok(201, call(account, access, "accesses.create", readJson(request)));
		}
		if (path.size() == 2 && first.equals("accesses") && method.equals("DELETE")) {
			return ok(200, call(account, access, "accesses.delete", params("id", id)));
		}
		throw ApiError.unknownResource("resource", "/" + username + "/" + String.join("/", path));
	}

	private ObjectNode call(PlatformState.Account account, PlatformState.AccessRecord access, String method, JsonNode params) {
		return this.methods.call(account, access, method, params);
	}

	private ObjectNode params(String key, String value) {
		return this.state.mapper.createObjectNode().put(key, value);
	}

	private ResponseDefinition ok(int status, ObjectNode result) {
		return json(status, withMetaFirst(result));
	}

	private ResponseDefinition batch(Request request, PlatformState.Account account, PlatformState.AccessRecord access) {
		JsonNode calls = readAnyJson(request.getBody());
		if (!calls.isArray()) {
			ArrayNode data = this.state.mapper.createArrayNode();
			ObjectNode detail = data.addObject();
			detail.put("code", "INVALID_TYPE");
			detail.putArray("params").addArray().add("array");
			detail.put("message", "must be array");
			detail.put("path", "#");
			throw new ApiError(400, "invalid-parameters-format", "The parameters' format is invalid.", data, true);
		}
		ArrayNode results = this.state.mapper.createArrayNode();
		for (JsonNode call : calls) {
			try {
				String method = call.path("method").asString(null);
				if (method == null) {
					throw new ApiError(400, "invalid-request-structure", "A batch call needs a 'method'", null, false);
				}
				results.add(call(account, access, method, call.get("params")));
			}
			catch (ApiError ex) {
				results.add(errorBody(ex).without("meta"));
			}
		}
		ObjectNode answer = withMetaFirst(this.state.mapper.createObjectNode());
		answer.set("results", results);
		return json(200, answer);
	}

	private ObjectNode createEvent(Request request, PlatformState.Account account, PlatformState.AccessRecord access) {
		if (!request.isMultipart()) {
			JsonNode params = readJson(request);
			synchronized (this.state) {
				return this.methods.eventsCreate(account, access, (ObjectNode) params, List.of());
			}
		}
		JsonNode params = null;
		List<ApiMethods.NewFile> files = new ArrayList<>();
		for (Request.Part part : request.getParts()) {
			if (part.getName().equals("event")) {
				params = readJsonBytes(part.getBody().asBytes());
				continue;
			}
			HttpHeader type = part.getHeader("Content-Type");
			String contentType = (type != null && type.isPresent()) ? type.firstValue() : "application/octet-stream";
			String fileName = (part.getFileName() != null) ? part.getFileName() : part.getName();
			files.add(new ApiMethods.NewFile(fileName, contentType, part.getBody().asBytes()));
		}
		if (params == null) {
			throw new ApiError(400, "invalid-request-structure", "A multipart event needs an 'event' part");
		}
		synchronized (this.state) {
			return this.methods.eventsCreate(account, access, (ObjectNode) params, files);
		}
	}

	private ResponseDefinition attachment(Request request, PlatformState.Account account, String eventId, String fileId) {
		PlatformState.StoredFile file;
		synchronized (this.state) {
			file = account.files.get(fileId);
		}
		String readToken = queryValue(request, "readToken");
		boolean allowed = file != null && file.eventId().equals(eventId)
				&& ((readToken != null && readToken.equals(file.readToken()))
						|| this.state.access(account.username, request.getHeader("Authorization")) != null);
		if (file == null) {
			throw ApiError.unknownResource("attachment", String.valueOf(fileId));
		}
		if (!allowed) {
			throw ApiError.invalidAccessToken();
		}
		return new ResponseDefinitionBuilder().withStatus(200)
			.withHeader("Content-Type", file.type())
			.withHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encode(file.fileName()).replace("+", "%20"))
			.withHeader("api-version", PlatformState.API_VERSION)
			.withBody(file.bytes())
			.build();
	}

	private ResponseDefinition login(Request request, String username) {
		JsonNode body = readJson(request);
		PlatformState.Account account = this.state.account(username);
		if (account == null) {
			throw ApiError.unknownResource("user", username);
		}
		String origin = request.getHeader("Origin");
		if (origin == null && request.getHeader("Referer") != null) {
			URI referer = URI.create(request.getHeader("Referer"));
			origin = referer.getScheme() + "://" + referer.getRawAuthority();
		}
		String appId = body.path("appId").asString("");
		if (appId.isEmpty() || !trusted(origin)) {
			throw new ApiError(401, "invalid-credentials", "The app id (\"appId\") is either missing or not trusted.");
		}
		String password = body.path("password").asString("");
		PlatformState.AccessRecord access;
		synchronized (this.state) {
			if (account.password == null || !account.password.equals(password)
					|| !username.equals(body.path("username").asString(""))) {
				throw new ApiError(401, "invalid-credentials", "The given username/password pair is invalid.");
			}
			access = this.state.grant(account, appId, "personal", this.state.mapper.createArrayNode(), null);
		}
		ObjectNode answer = this.state.mapper.createObjectNode();
		answer.put("token", access.token);
		answer.put("apiEndpoint", this.state.apiEndpoint(username, access.token));
		answer.put("preferredLanguage", "en");
		return json(200, withMetaFirst(answer));
	}

	private boolean trusted(String origin) {
		if (origin == null) {
			return false;
		}
		for (String pattern : this.state.trustedOrigins) {
			String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
			if (origin.matches(regex)) {
				return true;
			}
		}
		return false;
	}

	// JSON and HTTP helpers

	private JsonNode readJson(Request request) {
		return readJsonBytes(request.getBody());
	}

	private JsonNode readJsonBytes(byte[] body) {
		JsonNode node = readAnyJson(body);
		if (!node.isObject()) {
			throw new ApiError(400, "invalid-request-structure", "The request body must be a JSON object");
		}
		return node;
	}

	private JsonNode readAnyJson(byte[] body) {
		try {
			JsonNode node = (body == null || body.length == 0) ? null : this.state.mapper.readTree(body);
			if (node == null || node.isMissingNode()) {
				throw new ApiError(400, "invalid-request-structure", "The request body is empty");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new ApiError(400, "invalid-request-structure", "The request body is not valid JSON");
		}
	}

	/** Query parameters as API params: repeated keys become arrays; JSON values (stream queries) are parsed. */
	private ObjectNode queryParams(Request request) {
		ObjectNode params = this.state.mapper.createObjectNode();
		for (Map.Entry<String, List<String>> entry : parseQuery(URI.create(request.getUrl()).getRawQuery()).entrySet()) {
			List<JsonNode> values = new ArrayList<>();
			for (String value : entry.getValue()) {
				values.add(jsonOrString(value));
			}
			if (values.size() == 1 && !entry.getKey().equals("streams") && !entry.getKey().equals("types")) {
				params.set(entry.getKey(), values.get(0));
			}
			else {
				ArrayNode array = params.putArray(entry.getKey());
				values.forEach(array::add);
			}
		}
		return params;
	}

	private JsonNode jsonOrString(String value) {
		if (value.startsWith("[") || value.startsWith("{")) {
			try {
				return this.state.mapper.readTree(value);
			}
			catch (JacksonException ex) {
				// a plain string after all
			}
		}
		return this.state.mapper.getNodeFactory().stringNode(value);
	}

	private static Double number(ObjectNode query, String name) {
		JsonNode value = query.get(name);
		if (value == null) {
			return null;
		}
		try {
			return Double.valueOf(value.asString());
		}
		catch (NumberFormatException ex) {
			throw ApiError.invalidParameters("The parameters' format is invalid: " + name + " must be a number");
		}
	}

	static Map<String, List<String>> parseQuery(String query) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return values;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			values.computeIfAbsent(name, (k) -> new ArrayList<>()).add(value);
		}
		return values;
	}

	private static String queryValue(Request request, String name) {
		return first(parseQuery(URI.create(request.getUrl()).getRawQuery()), name);
	}

	private static String first(Map<String, List<String>> values, String name) {
		List<String> found = values.get(name);
		return (found == null || found.isEmpty()) ? null : found.get(0);
	}

	private ObjectNode meta() {
		ObjectNode meta = this.state.mapper.createObjectNode();
		meta.put("apiVersion", PlatformState.API_VERSION);
		meta.put("serverTime", Ids.seconds(this.state.now()));
		meta.put("serial", PlatformState.SERIAL);
		return meta;
	}

	private ObjectNode withMetaFirst(ObjectNode body) {
		ObjectNode out = this.state.mapper.createObjectNode();
		out.set("meta", meta());
		out.setAll(body);
		return out;
	}

	private ObjectNode withMetaLast(ObjectNode body) {
		body.set("meta", meta());
		return body;
	}

	private ObjectNode errorBody(ApiError error) {
		ObjectNode body = this.state.mapper.createObjectNode();
		ObjectNode json = body.putObject("error");
		json.put("id", error.id);
		json.put("message", error.getMessage());
		if (error.data != null) {
			json.set("data", error.data);
		}
		return error.withMeta ? withMetaLast(body) : body;
	}

	private ResponseDefinition json(int status, JsonNode body) {
		return new ResponseDefinitionBuilder().withStatus(status)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withHeader("api-version", PlatformState.API_VERSION)
			.withBody(this.state.mapper.writeValueAsBytes(body))
			.build();
	}

	private static ResponseDefinition text(int status, String contentType, String body) {
		return new ResponseDefinitionBuilder().withStatus(status)
			.withHeader("Content-Type", contentType)
			.withHeader("Cache-Control", "no-store")
			.withBody(body)
			.build();
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
