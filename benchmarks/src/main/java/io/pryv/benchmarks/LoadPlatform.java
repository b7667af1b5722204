package io.pryv.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback Pryv platform for the load benchmark, answering as open-pryv.io 2.0
 * does in DNS-less mode ({@code http://127.0.0.1:port/{username}/}): service
 * info, auth requests (start, the consent page's answer, polls), and each user's
 * {@code streams}, {@code events} (the recorded events of
 * {@link LoopbackEventsServer}, as many as {@code limit} asks), {@code events}
 * creation, {@code access-info} and access deletion. Any user signs in: the
 * consent page's answer names the user and the token.
 */
final class LoadPlatform implements AutoCloseable {

	private static final Pattern USER_PATH = Pattern.compile("^/([a-z0-9-]+)/(.*)$");

	private static final String META = "\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681931.539,\"serial\":\"2026112601\"}";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(64, (task) -> {
		Thread thread = new Thread(task, "load-platform");
		thread.setDaemon(true);
		return thread;
	});

	private final LoopbackEventsServer events;

	private final AtomicLong keys = new AtomicLong();

	private final AtomicLong ids = new AtomicLong();

	/** key -> accepted "username token", or "" while NEED_SIGNIN. */
	private final Map<String, String> authRequests = new ConcurrentHashMap<>();

	LoadPlatform() throws IOException {
		this.events = new LoopbackEventsServer();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	String serviceInfoUrl() {
		return baseUrl() + "/reg/service/info";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			URI uri = exchange.getRequestURI();
			String path = uri.getPath();
			byte[] body = exchange.getRequestBody().readAllBytes();
			String base = baseUrl();
			if (path.equals("/reg/service/info")) {
				json(exchange, 200, "{\"name\":\"Load platform\",\"serial\":\"2026112601\",\"home\":\"" + base
						+ "/\",\"support\":\"" + base + "/\",\"terms\":\"" + base + "/\",\"eventTypes\":\"" + base
						+ "/event-types.json\",\"api\":\"" + base + "/{username}/\",\"register\":\"" + base
						+ "/reg/\",\"access\":\"" + base + "/reg/access/\",\"version\":\"2.0.0-pre.4\"," + META + "}");
				return;
			}
			if ((path.equals("/reg/access") || path.equals("/reg/access/")) && method.equals("POST")) {
				String key = "key" + this.keys.incrementAndGet();
				this.authRequests.put(key, "");
				json(exchange, 201, needSignin(key));
				return;
			}
			if (path.startsWith("/reg/access/")) {
				String key = path.substring("/reg/access/".length());
				String state = this.authRequests.get(key);
				if (state == null) {
					json(exchange, 400, "{\"error\":{\"id\":\"unknown-access-key\",\"message\":\"Unknown key\"}}");
					return;
				}
				if (method.equals("POST")) { // the consent page's answer: {"status":"ACCEPTED","username","token"}
					String text = new String(body, StandardCharsets.UTF_8);
					this.authRequests.put(key, field(text, "username") + " " + field(text, "token"));
					json(exchange, 200, "{\"status\":\"ACCEPTED\"}");
					return;
				}
				if (state.isEmpty()) {
					json(exchange, 201, needSignin(key));
					return;
				}
				String[] user = state.split(" ");
				json(exchange, 200, "{\"status\":\"ACCEPTED\",\"username\":\"" + user[0] + "\",\"token\":\"" + user[1]
						+ "\",\"apiEndpoint\":\"http://" + user[1] + "@" + base.substring("http://".length()) + "/"
						+ user[0] + "/\"}");
				return;
			}
			Matcher user = USER_PATH.matcher(path);
			if (!user.matches() || exchange.getRequestHeaders().getFirst("Authorization") == null) {
				json(exchange, 403, "{\"error\":{\"id\":\"invalid-access-token\",\"message\":\"No token\"}," + META + "}");
				return;
			}
			String username = user.group(1);
			String rest = user.group(2);
			if (rest.equals("streams") && method.equals("GET")) {
				json(exchange, 200, "{\"streams\":[{\"id\":\"diary\",\"name\":\"Diary\",\"parentId\":null,\"children\":[]},"
						+ "{\"id\":\"body\",\"name\":\"Body\",\"parentId\":null,\"children\":[{\"id\":\"weight\","
						+ "\"name\":\"Weight\",\"parentId\":\"body\",\"children\":[]}]}]," + META + "}");
			}
			else if (rest.equals("events") && method.equals("GET")) {
				long limit = 20;
				String query = (uri.getRawQuery() != null) ? uri.getRawQuery() : "";
				Matcher m = Pattern.compile("(?:^|&)limit=(\\d+)").matcher(query);
				if (m.find()) {
					limit = Long.parseLong(m.group(1));
				}
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, this.events.bodySize(limit));
				try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 64 * 1024)) {
					this.events.writeTo(limit, out);
				}
			}
			else if (rest.equals("events") && method.equals("POST")) {
				json(exchange, 201, "{\"event\":{\"id\":\"ev" + this.ids.incrementAndGet()
						+ "\",\"streamIds\":[\"diary\"],\"type\":\"note/txt\",\"content\":\"load\",\"time\":1795681931.5},"
						+ META + "}");
			}
			else if (rest.equals("access-info") && method.equals("GET")) {
				json(exchange, 200, "{\"id\":\"acc-" + username + "\",\"type\":\"app\",\"name\":\"pryv-spring-sample\","
						+ "\"user\":{\"username\":\"" + username + "\"}," + META + "}");
			}
			else if (rest.startsWith("accesses/") && method.equals("DELETE")) {
				json(exchange, 200, "{\"accessDeletion\":{\"id\":\"" + rest.substring("accesses/".length()) + "\"},"
						+ META + "}");
			}
			else {
				json(exchange, 404, "{\"error\":{\"id\":\"unknown-resource\",\"message\":\"" + method + " " + rest
						+ "\"}," + META + "}");
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private String needSignin(String key) {
		String poll = baseUrl() + "/reg/access/" + key;
		return "{\"status\":\"NEED_SIGNIN\",\"key\":\"" + key + "\",\"authUrl\":\"" + baseUrl()
				+ "/access/access.html?key=" + key + "&poll=" + java.net.URLEncoder.encode(poll, StandardCharsets.UTF_8)
				+ "\",\"poll\":\"" + poll + "\",\"poll_rate_ms\":1000}";
	}

	private static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		return m.find() ? m.group(1) : "";
	}

	private static void json(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
		this.events.close();
	}

}
