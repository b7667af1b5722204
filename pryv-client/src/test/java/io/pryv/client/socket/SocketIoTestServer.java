package io.pryv.client.socket;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Socket.IO 4.8 server (npm {@code socket.io}, run by Node.js) that
 * answers as a Pryv platform's socket does: {@code src/test/socketio-server/server.js}.
 * {@code .ci/run} installs it ({@code npm ci} in that folder); on a machine
 * without Node.js or without the install, the tests that need it are skipped,
 * saying why.
 */
public final class SocketIoTestServer implements AutoCloseable {

	static final Path DIR = Path.of("src/test/socketio-server").toAbsolutePath();

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Map<String, String> users;

	private final Path log;

	private final Map<String, String> environment = new java.util.HashMap<>();

	private Process process;

	private int port;

	private SocketIoTestServer(Map<String, String> users) throws IOException {
		this.users = users;
		this.log = Files.createTempFile("pryv-socketio-server", ".log");
	}

	/** Skip the calling test, visibly, when Node.js or the npm install is missing. */
	public static void assumeAvailable() {
		Assumptions.assumeTrue(Files.isDirectory(DIR.resolve("node_modules/socket.io")),
				"Socket.IO test server not installed: run `bash .ci/run` or `npm ci --prefix " + DIR + "`");
		Assumptions.assumeTrue(nodeVersion() != null, "Node.js (`node`) is not installed: the Socket.IO tests need it");
	}

	private static String nodeVersion() {
		try {
			Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			return (node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0) ? version : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Start a server on a free loopback port.
	 * @param users username to token
	 */
	public static SocketIoTestServer start(Map<String, String> users) {
		assumeAvailable();
		try {
			SocketIoTestServer server = new SocketIoTestServer(users);
			server.launch(0);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a server whose Engine.IO heartbeat is fast.
	 * @param users username to token
	 * @param pingIntervalMillis how often it pings
	 * @param pingTimeoutMillis how long it waits for the pong
	 */
	public static SocketIoTestServer start(Map<String, String> users, long pingIntervalMillis, long pingTimeoutMillis) {
		assumeAvailable();
		try {
			SocketIoTestServer server = new SocketIoTestServer(users);
			server.environment.put("PING_INTERVAL_MS", String.valueOf(pingIntervalMillis));
			server.environment.put("PING_TIMEOUT_MS", String.valueOf(pingTimeoutMillis));
			server.launch(0);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Freeze ({@code SIGSTOP}) or thaw ({@code SIGCONT}) the server: its sockets stay open but it goes silent. */
	public void freeze(boolean frozen) {
		try {
			Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", String.valueOf(this.process.pid()))
				.inheritIO()
				.start();
			kill.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Start the server again on the same port (after {@link #stop()}). */
	public void restart() {
		launch(this.port);
	}

	private void launch(int onPort) {
		try {
			Files.writeString(this.log, "");
			ProcessBuilder builder = new ProcessBuilder("node", "server.js", String.valueOf(onPort),
					MAPPER.writeValueAsString(this.users));
			builder.environment().putAll(this.environment);
			this.process = builder.directory(DIR.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				String out = Files.readString(this.log);
				int at = out.indexOf("listening ");
				if (at >= 0 && out.indexOf('\n', at) > 0) {
					this.port = Integer.parseInt(out.substring(at + 10, out.indexOf('\n', at)).strip());
					return;
				}
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The Socket.IO test server stopped: " + out);
				}
				Thread.sleep(20);
			}
			throw new IllegalStateException("The Socket.IO test server did not start: " + Files.readString(this.log));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** @return the DNS-less API endpoint of a user on this server, e.g. {@code http://token@127.0.0.1:port/alice/} */
	public String endpoint(String username, String token) {
		return "http://" + token + "@127.0.0.1:" + this.port + "/" + username + "/";
	}

	/**
	 * @return an API endpoint in the per-user-host form ({@code https://token@alice.pryv.me/}):
	 * no username in the path, the platform's root is the user's
	 */
	public String perUserHostEndpoint(String token) {
		return "http://" + token + "@127.0.0.1:" + this.port + "/";
	}

	/** Emit a notification (no payload) to a user's namespace. */
	public void notify(String username, String event) {
		request("POST", "/test/notify/" + username + "/" + event);
	}

	/** @return how many sockets are connected in a user's namespace */
	public int clients(String username) {
		return MAPPER.readTree(request("GET", "/test/clients/" + username)).path("clients").asInt();
	}

	private String request(String method, String path) {
		try {
			HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + this.port + path)
				.toURL()
				.openConnection();
			http.setRequestMethod(method);
			http.setRequestProperty("Connection", "close");
			if (method.equals("POST")) {
				http.setDoOutput(true);
				try (OutputStream out = http.getOutputStream()) {
					out.write(new byte[0]);
				}
			}
			try {
				return new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			finally {
				http.disconnect();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stop the server (its sockets drop). */
	public void stop() {
		if (this.process == null) {
			return;
		}
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.process = null;
	}

	@Override
	public void close() {
		stop();
		try {
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			// a temp file left behind is harmless
		}
	}

}
