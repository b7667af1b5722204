package io.pryv.spring.boot.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Faults the {@link SimulatedPryvPlatform} injects into its answers, to test
 * how the application copes with a slow, failing or dying platform:
 * <pre class="code">
 * platform.faults().on("GET", "/alice/events").slow(Duration.ofSeconds(3));
 * platform.faults().on("POST", "/alice/").times(1).serverError(503);
 * platform.faults().on("*", "/reg/*").reset();
 * platform.faults().on("GET", "/alice/events").cutAfter(5);
 * platform.faults().clear();
 * </pre>
 * A path is exact ({@code /alice/events}; a trailing {@code /} does not
 * matter, so {@code /alice} is also the batch path {@code /alice/}) or a
 * prefix ending with {@code *} ({@code /alice/*}); a method is an HTTP method or {@code *}. The first
 * matching fault (oldest first) applies; a fault applies to every matching
 * request until removed, or to the given number of requests.
 */
public final class PlatformFaults {

	private final List<InjectedFault> faults = new CopyOnWriteArrayList<>();

	PlatformFaults() {
	}

	/**
	 * @param method an HTTP method, or {@code *} for any
	 * @param path an exact path, or a prefix ending with {@code *}
	 * @return the target, on which to choose the fault
	 */
	public Target on(String method, String path) {
		if (method == null || path == null || !(path.startsWith("/") || path.equals("*"))) {
			throw new IllegalArgumentException("A fault needs a method (or *) and a path starting with / (or *), not "
					+ method + " " + path);
		}
		return new Target(method, path);
	}

	/** @return a target matching every request */
	public Target onAny() {
		return on("*", "*");
	}

	/** Remove every fault. */
	public void clear() {
		this.faults.clear();
	}

	/** @return the faults in force, oldest first */
	public List<InjectedFault> active() {
		return List.copyOf(this.faults);
	}

	/** @return the fault for this request (its hit counted), or {@code null} */
	InjectedFault take(String method, String path) {
		for (InjectedFault fault : this.faults) {
			if (matches(fault.method, fault.path, method, path) && fault.tryHit()) {
				if (fault.isUsedUp()) {
					this.faults.remove(fault);
				}
				return fault;
			}
		}
		return null;
	}

	static boolean matches(String wantedMethod, String wantedPath, String method, String path) {
		boolean methodMatches = wantedMethod.equals("*") || wantedMethod.equalsIgnoreCase(method);
		boolean pathMatches = wantedPath.endsWith("*") ? path.startsWith(wantedPath.substring(0, wantedPath.length() - 1))
				: withoutTrailingSlash(wantedPath).equals(withoutTrailingSlash(path));
		return methodMatches && pathMatches;
	}

	private static String withoutTrailingSlash(String path) {
		return (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
	}

	/** The kinds of fault. */
	enum Kind {

		SLOW, RESET, SERVER_ERROR, CUT

	}

	/** Requests chosen by method and path, to which a fault is about to be attached. */
	public final class Target {

		private final String method;

		private final String path;

		private int times = -1;

		private Target(String method, String path) {
			this.method = method;
			this.path = path;
		}

		/**
		 * @param count how many matching requests the fault hits (default: all, until removed)
		 * @return this target
		 */
		public Target times(int count) {
			if (count < 1) {
				throw new IllegalArgumentException("times must be at least 1, not " + count);
			}
			this.times = count;
			return this;
		}

		/**
		 * Answer normally, but only after a delay.
		 * @param delay how long to wait before answering
		 * @return the fault, in force
		 */
		public InjectedFault slow(Duration delay) {
			if (delay.isNegative()) {
				throw new IllegalArgumentException("A delay cannot be negative: " + delay);
			}
			return add(Kind.SLOW, delay.toMillis(), 0);
		}

		/**
		 * Reset the connection without answering (a crashed or unreachable platform).
		 * @return the fault, in force
		 */
		public InjectedFault reset() {
			return add(Kind.RESET, 0, 0);
		}

		/**
		 * Answer a server error: that status and the JSON error body
		 * {@code {"error": {"id": "unexpected-error", ...}, "meta": ...}}.
		 * @param status a 5xx status
		 * @return the fault, in force
		 */
		public InjectedFault serverError(int status) {
			if (status < 500 || status > 599) {
				throw new IllegalArgumentException("A server error is a 5xx status, not " + status);
			}
			return add(Kind.SERVER_ERROR, 0, status);
		}

		/**
		 * Cut the answer: an events answer ends after this many whole events,
		 * in the middle of the next one (as when the platform dies while
		 * streaming); any other answer ends halfway through its body.
		 * @param events how many whole events to send
		 * @return the fault, in force
		 */
		public InjectedFault cutAfter(int events) {
			if (events < 0) {
				throw new IllegalArgumentException("events cannot be negative: " + events);
			}
			return add(Kind.CUT, 0, events);
		}

		private InjectedFault add(Kind kind, long delayMs, int value) {
			InjectedFault fault = new InjectedFault(PlatformFaults.this, this.method, this.path, this.times, kind, delayMs, value);
			PlatformFaults.this.faults.add(fault);
			return fault;
		}

	}

	/** A fault in force: how many requests it hit, and how to remove it. */
	public static final class InjectedFault {

		private final PlatformFaults owner;

		final String method;

		final String path;

		final Kind kind;

		final long delayMs;

		final int value;

		private final int times;

		private int hits;

		InjectedFault(PlatformFaults owner, String method, String path, int times, Kind kind, long delayMs, int value) {
			this.owner = owner;
			this.method = method;
			this.path = path;
			this.times = times;
			this.kind = kind;
			this.delayMs = delayMs;
			this.value = value;
		}

		synchronized boolean tryHit() {
			if (this.times >= 0 && this.hits >= this.times) {
				return false;
			}
			this.hits++;
			return true;
		}

		synchronized boolean isUsedUp() {
			return this.times >= 0 && this.hits >= this.times;
		}

		/** @return how many requests it hit so far */
		public synchronized int hits() {
			return this.hits;
		}

		/** Stop injecting this fault. */
		public void remove() {
			this.owner.faults.remove(this);
		}

		@Override
		public String toString() {
			return "InjectedFault[" + this.kind + " on " + this.method + " " + this.path + ", hits " + hits() + "]";
		}

	}

}
