package io.pryv.sample.demo;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.FormParameter;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of the {@link SimulatedPryvPlatform}: one WireMock transformer that
 * routes every request to the register (service info, auth requests), the
 * consent page, the assets, or a user's API, and answers with the status codes,
 * bodies and error ids of open-pryv.io 2.0.
 */
final class SimulatedPlatformRoutes implements ResponseDefinitionTransformerV2 {

	static final String NAME = "pryv-simulated-platform";

	private static final String API_VERSION = "2.0.0-pre.4";

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9-]{3,21}[a-z0-9]");

	private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9-]+/[a-z0-9-]+");

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final Clock clock = Clock.systemUTC();

	private final SimulatedAuthRequests authRequests = new SimulatedAuthRequests(this.clock);

	private final SimulatedUsers users = new SimulatedUsers(this.mapper, this.clock);

	private volatile String baseUrl;

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		String path = URI.create(request.getUrl()).getRawPath();
		RequestMethod method = request.getMethod();
		try {
			return route(request, method, path);
		}
		catch (BadRequest ex) {
			return ex.response;
		}
	}

	private ResponseDefinition route(Request request, RequestMethod method, String path) {
		if (path.equals("/reg/service/info") && method.equals(RequestMethod.GET)) {
			return json(200, withMeta(serviceInfo()));
		}
		if (path.equals("/reg/access") || path.equals("/reg/access/")) {
			return method.equals(RequestMethod.POST) ? startAuthRequest(request) : notFound(path);
		}
		if (path.startsWith("/reg/access/")) {
			String key = path.substring("/reg/access/".length());
			if (method.equals(RequestMethod.GET)) {
				return poll(key);
			}
			if (method.equals(RequestMethod.POST)) {
				return answerFromUi(key, readJson(request));
			}
		}
		if (path.equals("/access/access.html") && method.equals(RequestMethod.GET)) {
			return consentPage(request);
		}
		if (path.equals("/access/consent") && method.equals(RequestMethod.POST)) {
			return consent(request);
		}
		if (path.equals("/www/assets/index.json")) {
			return json(200, assets());
		}
		if (path.equals("/www/assets/lib-js/buttonSignIn.css")) {
			return Plain.text(200, "text/css", SignInButtonCss.CSS);
		}
		String[] parts = path.substring(1).split("/", -1);
		if (parts.length >= 2 && USERNAME.matcher(parts[0]).matches()) {
			return new SimulatedApi(this, request, method, parts).answer();
		}
		return notFound(path);
	}

	SimulatedUsers users() {
		return this.users;
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	private ObjectNode serviceInfo() {
		ObjectNode info = this.mapper.createObjectNode();
		info.put("access", this.baseUrl + "/reg/access/");
		info.put("name", SimulatedPryvPlatform.NAME);
		info.put("serial", "2026112601");
		info.put("home", this.baseUrl + "/");
		info.put("support", this.baseUrl + "/");
		info.put("terms", this.baseUrl + "/");
		info.put("eventTypes", "https://pryv.github.io/event-types/flat.json");
		info.putObject("assets").put("definitions", this.baseUrl + "/www/assets/index.json");
		info.put("api", this.baseUrl + "/{username}/");
		info.put("register", this.baseUrl + "/reg/");
		info.putObject("features").put("noHF", true);
		info.put("version", API_VERSION);
		return info;
	}

	private ObjectNode assets() {
		ObjectNode assets = this.mapper.createObjectNode();
		ObjectNode button = assets.putObject("lib-js").putObject("buttonSignIn");
		button.put("css", "lib-js/buttonSignIn.css");
		button.putObject("messages").putObject("LOGIN").put("en", "Sign in with " + SimulatedPryvPlatform.NAME);
		return assets;
	}

	private ResponseDefinition startAuthRequest(Request request) {
		JsonNode body = readJson(request);
		String appId = body.path("requestingAppId").asString("");
		if (appId.length() < 6) {
			return error(400, "invalid-parameters-format",
					"The parameters' format is invalid: requestingAppId must be a string of at least 6 characters");
		}
		if (!body.path("requestedPermissions").isArray()) {
			return error(400, "invalid-parameters-format",
					"The parameters' format is invalid: requestedPermissions must be an array");
		}
		String returnUrl = body.path("returnURL").asString(null);
		if (returnUrl != null && !(returnUrl.endsWith("?") || returnUrl.endsWith("&") || returnUrl.endsWith("#"))) {
			return error(400, "invalid-parameters-format", "returnURL must end with '?', '&' or '#'");
		}
		SimulatedAuthRequests.AuthRequest created;
		try {
			created = this.authRequests.create(appId, body);
		}
		catch (IllegalStateException ex) {
			return error(503, "unexpected-error", "The simulation has too many pending auth requests");
		}
		return json(201, needSignin(created));
	}

	private ObjectNode needSignin(SimulatedAuthRequests.AuthRequest request) {
		ObjectNode answer = this.mapper.createObjectNode();
		answer.put("status", "NEED_SIGNIN");
		answer.put("key", request.key);
		answer.put("authUrl", authUrl(request));
		answer.put("poll", pollUrl(request.key));
		answer.put("poll_rate_ms", 1000);
		answer.put("requestingAppId", request.appId);
		answer.set("requestedPermissions", request.body.get("requestedPermissions"));
		answer.put("returnURL", request.returnUrl());
		return answer;
	}

	private String pollUrl(String key) {
		return this.baseUrl + "/reg/access/" + key;
	}

	private String authUrl(SimulatedAuthRequests.AuthRequest request) {
		StringBuilder url = new StringBuilder(this.baseUrl).append("/access/access.html?lang=")
			.append(encode(request.body.path("languageCode").asString("en")))
			.append("&key=").append(request.key)
			.append("&requestingAppId=").append(encode(request.appId))
			.append("&poll=").append(encode(pollUrl(request.key)))
			.append("&poll_rate_ms=1000&serviceInfo=").append(encode(this.baseUrl + "/reg/service/info"));
		if (request.returnUrl() != null) {
			url.append("&returnURL=").append(encode(request.returnUrl()));
		}
		return url.toString();
	}

	private ResponseDefinition poll(String key) {
		SimulatedAuthRequests.AuthRequest request = this.authRequests.find(key);
		if (request == null) {
			return json(400, errorBody("unknown-access-key", "Unknown or expired access key"));
		}
		return switch (request.state) {
			case "ACCEPTED" -> json(200, accepted(request));
			case "REFUSED" -> json(403, refused());
			default -> json(201, needSignin(request));
		};
	}

	private ObjectNode accepted(SimulatedAuthRequests.AuthRequest request) {
		ObjectNode answer = this.mapper.createObjectNode();
		answer.put("status", "ACCEPTED");
		answer.put("username", request.username);
		answer.put("token", request.token);
		answer.put("apiEndpoint", this.baseUrl.replace("://", "://" + request.token + "@") + "/" + request.username + "/");
		return answer;
	}

	private ObjectNode refused() {
		ObjectNode answer = this.mapper.createObjectNode();
		answer.put("status", "REFUSED");
		answer.put("reasonId", "REFUSED_BY_USER");
		answer.put("message", "The user refused to give access");
		return answer;
	}

	/** What the platform's own consent page posts (the {@code auth-*-by-ui} fixtures). */
	private ResponseDefinition answerFromUi(String key, JsonNode body) {
		SimulatedAuthRequests.AuthRequest request = this.authRequests.find(key);
		if (request == null) {
			return json(400, errorBody("unknown-access-key", "Unknown or expired access key"));
		}
		String status = body.path("status").asString("");
		if (status.equals("ACCEPTED")) {
			String username = body.path("username").asString("");
			if (!USERNAME.matcher(username).matches()) {
				return error(400, "invalid-parameters-format", "Invalid username");
			}
			accept(request, username);
			return json(200, accepted(request));
		}
		if (status.equals("REFUSED")) {
			request.state = "REFUSED";
			return json(403, refused());
		}
		return error(400, "invalid-parameters-format", "status must be ACCEPTED or REFUSED");
	}

	private void accept(SimulatedAuthRequests.AuthRequest request, String username) {
		SimulatedUsers.Access access = this.users.grant(username, request.appId,
				request.body.get("requestedPermissions"));
		request.username = username;
		request.token = access.token();
		request.state = "ACCEPTED";
	}

	private ResponseDefinition consentPage(Request request) {
		String key = query(request, "key");
		SimulatedAuthRequests.AuthRequest authRequest = (key != null) ? this.authRequests.find(key) : null;
		if (authRequest == null) {
			return html(404, ConsentPage.message("Unknown or expired request",
					"This sign-in request does not exist or has expired. Go back to the app and start again."));
		}
		return html(200, ConsentPage.form(authRequest));
	}

	private ResponseDefinition consent(Request request) {
		String key = form(request, "key");
		SimulatedAuthRequests.AuthRequest authRequest = (key != null) ? this.authRequests.find(key) : null;
		if (authRequest == null || !authRequest.state.equals("NEED_SIGNIN")) {
			return html(400, ConsentPage.message("Unknown or expired request",
					"This sign-in request does not exist, has expired or was already answered."));
		}
		String decision = form(request, "decision");
		String username = String.valueOf(form(request, "username")).strip().toLowerCase();
		if ("accept".equals(decision)) {
			if (!USERNAME.matcher(username).matches()) {
				return html(400, ConsentPage.message("Invalid username",
						"A username has 5 to 23 characters: lowercase letters, digits and dashes."));
			}
			accept(authRequest, username);
		}
		else {
			authRequest.state = "REFUSED";
		}
		String returnUrl = authRequest.returnUrl();
		if (returnUrl == null) {
			return html(200, ConsentPage.message("Done", "You can close this window and go back to the app."));
		}
		String location = returnUrl + "prYvkey=" + authRequest.key + "&prYvstatus=" + authRequest.state
				+ "&prYvpoll=" + encode(pollUrl(authRequest.key));
		return new ResponseDefinitionBuilder().withStatus(302).withHeader("Location", location).build();
	}

	private static String query(Request request, String name) {
		QueryParameter parameter = request.queryParameter(name);
		return (parameter != null && parameter.isPresent()) ? parameter.firstValue() : null;
	}

	private static String form(Request request, String name) {
		FormParameter parameter = request.formParameter(name);
		return (parameter != null && parameter.isPresent()) ? parameter.firstValue() : null;
	}

	static List<String> queryValues(Request request, String name) {
		QueryParameter parameter = request.queryParameter(name);
		return (parameter != null && parameter.isPresent()) ? parameter.values() : List.of();
	}

	JsonNode readJson(Request request) {
		return readJson(request.getBody());
	}

	JsonNode readJson(byte[] body) {
		try {
			JsonNode node = (body == null || body.length == 0) ? null : this.mapper.readTree(body);
			if (node == null || !node.isObject()) {
				throw new BadRequest(error(400, "invalid-request-structure", "The request body must be a JSON object"));
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new BadRequest(error(400, "invalid-request-structure", "The request body is not valid JSON"));
		}
	}

	ObjectNode withMeta(ObjectNode body) {
		ObjectNode meta = body.putObject("meta");
		meta.put("apiVersion", API_VERSION);
		meta.put("serverTime", SimulatedUsers.seconds(this.users.now()));
		meta.put("serial", "2026112601");
		return body;
	}

	ObjectNode errorBody(String id, String message) {
		ObjectNode body = this.mapper.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("id", id);
		error.put("message", message);
		return withMeta(body);
	}

	ResponseDefinition error(int status, String id, String message) {
		return json(status, errorBody(id, message));
	}

	ResponseDefinition json(int status, JsonNode body) {
		return new ResponseDefinitionBuilder().withStatus(status)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withHeader("api-version", API_VERSION)
			.withBody(this.mapper.writeValueAsBytes(body))
			.build();
	}

	private static ResponseDefinition html(int status, String page) {
		return Plain.text(status, "text/html; charset=utf-8", page);
	}

	private ResponseDefinition notFound(String path) {
		return error(404, "unknown-resource", "Unknown resource " + path);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** @return the events' stream ids as a set (streamIds, or the deprecated streamId) */
	static Set<String> streamIdsOf(JsonNode event) {
		Set<String> ids = new HashSet<>();
		event.path("streamIds").forEach((id) -> ids.add(id.asString()));
		if (event.hasNonNull("streamId")) {
			ids.add(event.get("streamId").asString());
		}
		return ids;
	}

	static boolean validType(String type) {
		return type != null && EVENT_TYPE.matcher(type).matches();
	}

	static List<JsonNode> list(ArrayNode array) {
		List<JsonNode> items = new ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	/** A ready error answer thrown out of a route. */
	static final class BadRequest extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient ResponseDefinition response;

		BadRequest(ResponseDefinition response) {
			super(null, null, false, false);
			this.response = response;
		}

	}

	/** Small helpers for plain answers. */
	static final class Plain {

		private Plain() {
		}

		static ResponseDefinition text(int status, String contentType, String body) {
			return new ResponseDefinitionBuilder().withStatus(status)
				.withHeader("Content-Type", contentType)
				.withHeader("Cache-Control", "no-store")
				.withBody(body)
				.build();
		}

	}

}
