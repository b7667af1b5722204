package io.pryv.spring.boot.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.style.ToStringCreator;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

import io.pryv.client.AccessLevel;
import io.pryv.client.ApiEndpoint;
import io.pryv.client.AuthRequest;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.client.RequestedPermission;
import io.pryv.client.RetryPolicy;

/**
 * Configuration of the Pryv client ({@code pryv.*}).
 * <p>
 * Every value is checked when it is bound, as a Spring {@link Validator} of
 * itself and of its nested groups: a wrong one stops the application with
 * Spring Boot's failure report, which names the property, its value and where it
 * was set (file and line), with a reason that says how to fix it. The token of
 * {@code pryv.api-endpoint} never appears in that report nor in
 * {@link #toString()}.
 */
@ConfigurationProperties("pryv")
public class PryvProperties implements Validator {

	/**
	 * URL of the platform's service info. Empty means the service info is given
	 * entirely by pryv.service-info.
	 */
	private String serviceInfoUrl = "https://reg.pryv.me/service/info";

	/**
	 * Service info fields merged over the fetched ones (or the whole service info
	 * when pryv.service-info-url is empty), such as access, api or register.
	 */
	private Map<String, Object> serviceInfo = new LinkedHashMap<>();

	/**
	 * App id sent as requestingAppId in auth requests and as appId in logins.
	 */
	private @Nullable String appId;

	/**
	 * Permissions requested by the auth request (consent flow), each with a
	 * stream-id, a default-name and a level.
	 */
	private List<Permission> permissions = new ArrayList<>();

	/**
	 * Language of the platform's consent page, such as en or fr.
	 */
	private @Nullable String languageCode;

	/**
	 * URL the consent page sends the browser back to. Must end with '?', '&' or '#'.
	 */
	private @Nullable String returnUrl;

	/**
	 * Free data sent with the auth request, shown or kept by the consent page.
	 */
	private Map<String, Object> clientData = new LinkedHashMap<>();

	/**
	 * Referer reported to the platform with auth requests.
	 */
	private @Nullable String referer;

	/**
	 * Origin header of login calls. Unset means the origin of the platform's
	 * register URL.
	 */
	private @Nullable String origin;

	/**
	 * Fixed API endpoint (https://{token}@{host}/[{username}/]) of a
	 * server-to-server app. When set, a PryvConnection bean is created for it.
	 */
	private @Nullable String apiEndpoint;

	private final Http http = new Http();

	private final Batch batch = new Batch();

	private final Monitor monitor = new Monitor();

	private final Auth auth = new Auth();

	public String getServiceInfoUrl() {
		return this.serviceInfoUrl;
	}

	public void setServiceInfoUrl(String serviceInfoUrl) {
		this.serviceInfoUrl = serviceInfoUrl;
	}

	public Map<String, Object> getServiceInfo() {
		return this.serviceInfo;
	}

	public void setServiceInfo(Map<String, Object> serviceInfo) {
		this.serviceInfo = serviceInfo;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public List<Permission> getPermissions() {
		return this.permissions;
	}

	public void setPermissions(List<Permission> permissions) {
		this.permissions = permissions;
	}

	public @Nullable String getLanguageCode() {
		return this.languageCode;
	}

	public void setLanguageCode(@Nullable String languageCode) {
		this.languageCode = languageCode;
	}

	public @Nullable String getReturnUrl() {
		return this.returnUrl;
	}

	public void setReturnUrl(@Nullable String returnUrl) {
		this.returnUrl = returnUrl;
	}

	public Map<String, Object> getClientData() {
		return this.clientData;
	}

	public void setClientData(Map<String, Object> clientData) {
		this.clientData = clientData;
	}

	public @Nullable String getReferer() {
		return this.referer;
	}

	public void setReferer(@Nullable String referer) {
		this.referer = referer;
	}

	public @Nullable String getOrigin() {
		return this.origin;
	}

	public void setOrigin(@Nullable String origin) {
		this.origin = origin;
	}

	public @Nullable String getApiEndpoint() {
		return this.apiEndpoint;
	}

	public void setApiEndpoint(@Nullable String apiEndpoint) {
		this.apiEndpoint = apiEndpoint;
	}

	public Http getHttp() {
		return this.http;
	}

	public Batch getBatch() {
		return this.batch;
	}

	public Monitor getMonitor() {
		return this.monitor;
	}

	public Auth getAuth() {
		return this.auth;
	}

	/** @return whether the auth request (consent flow) has an app id to start with */
	public boolean hasAuthRequest() {
		return blankToNull(this.appId) != null;
	}

	/**
	 * @return the default auth request these properties describe, or {@code null} without {@code pryv.app-id}
	 */
	public @Nullable AuthRequest toAuthRequest() {
		String id = blankToNull(this.appId);
		if (id == null) {
			return null;
		}
		List<RequestedPermission> requested = new ArrayList<>(this.permissions.size());
		this.permissions.forEach((permission) -> requested.add(permission.toRequestedPermission()));
		return new AuthRequest(id, requested, blankToNull(this.languageCode), blankToNull(this.returnUrl),
				this.clientData, blankToNull(this.referer), blankToNull(this.auth.deviceName), this.auth.expireAfter);
	}

	static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** The Pryv properties and their nested groups are checked when bound. */
	@Override
	public boolean supports(Class<?> type) {
		return type == PryvProperties.class || type == Permission.class || type == Http.class || type == Retry.class
				|| type == Batch.class || type == Auth.class || type == Monitor.class;
	}

	/**
	 * Rejects a wrong value with a message naming the key and its fix (the
	 * errors' object name is the bound prefix, e.g. {@code pryv.permissions[0]}).
	 */
	@Override
	public void validate(Object target, Errors errors) {
		if (target instanceof PryvProperties properties) {
			properties.validateTopLevel(errors);
		}
		else if (target instanceof Permission permission) {
			permission.validate(errors);
		}
		else if (target instanceof Http http) {
			requirePositive(errors, "connectTimeout", http.connectTimeout);
			requirePositive(errors, "readTimeout", http.readTimeout);
		}
		else if (target instanceof Retry retry) {
			retry.validate(errors);
		}
		else if (target instanceof Batch batch) {
			if (batch.chunkSize < 1) {
				reject(errors, "chunkSize", key(errors, "chunk-size") + " must be at least 1, not " + batch.chunkSize
						+ " (default " + ReactivePryvConnection.DEFAULT_CHUNK_SIZE + ")");
			}
		}
		else if (target instanceof Monitor monitor) {
			requirePositive(errors, "interval", monitor.interval);
		}
		else if (target instanceof Auth auth) {
			requirePositive(errors, "pollRateFloor", auth.pollRateFloor);
			requirePositive(errors, "expiry", auth.expiry);
			requirePositive(errors, "expireAfter", auth.expireAfter);
		}
	}

	private void validateTopLevel(Errors errors) {
		boolean noUrl = blankToNull(this.serviceInfoUrl) == null;
		if (noUrl && this.serviceInfo.isEmpty()) {
			reject(errors, "serviceInfoUrl", "pryv.service-info-url is empty and pryv.service-info is not set: set "
					+ "pryv.service-info-url to your platform's service info URL (e.g. "
					+ PryvService.PRYV_LAB_SERVICE_INFO_URL + "), or give the whole service info in pryv.service-info");
		}
		if (!noUrl) {
			requireHttpUrl(errors, "serviceInfoUrl", "pryv.service-info-url", this.serviceInfoUrl,
					"e.g. " + PryvService.PRYV_LAB_SERVICE_INFO_URL);
		}
		if (!this.permissions.isEmpty() && blankToNull(this.appId) == null) {
			reject(errors, "appId", "pryv.permissions is set but pryv.app-id is not: set pryv.app-id to "
					+ "your app's id (sent as requestingAppId), e.g. pryv.app-id=my-app");
		}
		String returnUrl = blankToNull(this.returnUrl);
		if (returnUrl != null && requireHttpUrl(errors, "returnUrl", "pryv.return-url", returnUrl,
				"e.g. https://app.example/login/return?") != null
				&& !(returnUrl.endsWith("?") || returnUrl.endsWith("&") || returnUrl.endsWith("#"))) {
			reject(errors, "returnUrl", "pryv.return-url '" + returnUrl + "' must end with '?', '&' or '#' "
					+ "because the platform appends its parameters to it: use '" + returnUrl + "?'");
		}
		String origin = blankToNull(this.origin);
		if (origin != null) {
			URI uri = requireHttpUrl(errors, "origin", "pryv.origin", origin, "e.g. https://app.example");
			if (uri != null && (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null)) {
				reject(errors, "origin", "pryv.origin '" + origin + "' must be an origin (scheme, host and "
						+ "port only, no path), e.g. " + uri.getScheme() + "://" + uri.getRawAuthority());
			}
		}
		if (blankToNull(this.apiEndpoint) != null) {
			try {
				ApiEndpoint.parse(this.apiEndpoint);
			}
			catch (PryvClientException ex) {
				// the message of ApiEndpoint masks the token; the rejected value is masked too
				rejectSecret(errors, "apiEndpoint", "pryv.api-endpoint is malformed: " + ex.getMessage()
						+ " (e.g. https://{token}@{username}.pryv.me/)");
			}
		}
	}

	private static @Nullable URI requireHttpUrl(Errors errors, String field, String key, String value, String example) {
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			reject(errors, field, key + " '" + value + "' is not a valid URL (" + ex.getReason() + "): "
					+ "give an absolute http(s) URL, " + example);
			return null;
		}
		if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
				|| uri.getHost() == null) {
			reject(errors, field, key + " '" + value + "' is not an absolute http(s) URL: give one, " + example);
			return null;
		}
		if (uri.getRawUserInfo() != null) {
			rejectSecret(errors, field, key + " must not hold user-info (a name or token before '@'): " + example);
			return null;
		}
		return uri;
	}

	private static void requirePositive(Errors errors, String field, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			reject(errors, field, key(errors, kebab(field)) + " must be a positive duration (e.g. 10s), not " + value);
		}
	}

	/** @return the full key of a property of the object being checked, e.g. {@code pryv.batch.chunk-size} */
	private static String key(Errors errors, String property) {
		return errors.getObjectName() + "." + property;
	}

	private static String kebab(String field) {
		return field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	private static void reject(Errors errors, String field, String message) {
		errors.rejectValue(field, "pryv.invalid", message);
	}

	/** Rejects a value that may hold a token: the error shows it masked. */
	private static void rejectSecret(Errors errors, String field, String message) {
		if (errors instanceof BindingResult result) {
			result.addError(new FieldError(errors.getObjectName(), field, "******", false,
					result.resolveMessageCodes("pryv.invalid", field), null, message));
		}
		else {
			errors.reject("pryv.invalid", message);
		}
	}

	@Override
	public String toString() {
		return new ToStringCreator(this).append("serviceInfoUrl", this.serviceInfoUrl)
			.append("serviceInfo", this.serviceInfo)
			.append("appId", this.appId)
			.append("permissions", this.permissions)
			.append("languageCode", this.languageCode)
			.append("returnUrl", this.returnUrl)
			.append("clientData", this.clientData)
			.append("referer", this.referer)
			.append("origin", this.origin)
			.append("apiEndpoint", maskedEndpoint(this.apiEndpoint))
			.append("http", this.http)
			.append("batch", this.batch)
			.append("auth", this.auth)
			.toString();
	}

	/** @return the endpoint with its token masked, or {@code null} */
	static @Nullable String maskedEndpoint(@Nullable String endpoint) {
		if (blankToNull(endpoint) == null) {
			return null;
		}
		try {
			return ApiEndpoint.parse(endpoint).toString();
		}
		catch (PryvClientException ex) {
			return "******";
		}
	}

	/**
	 * One permission requested by the auth request.
	 */
	public static class Permission {

		/**
		 * Id of the stream, or '*' for all streams.
		 */
		private @Nullable String streamId;

		/**
		 * Name the platform gives the stream if it creates it.
		 */
		private @Nullable String defaultName;

		/**
		 * Access level requested on the stream.
		 */
		private @Nullable AccessLevel level;

		public @Nullable String getStreamId() {
			return this.streamId;
		}

		public void setStreamId(@Nullable String streamId) {
			this.streamId = streamId;
		}

		public @Nullable String getDefaultName() {
			return this.defaultName;
		}

		public void setDefaultName(@Nullable String defaultName) {
			this.defaultName = defaultName;
		}

		public @Nullable AccessLevel getLevel() {
			return this.level;
		}

		public void setLevel(@Nullable AccessLevel level) {
			this.level = level;
		}

		/** Checked when bound: the errors' object name is the entry's key, e.g. {@code pryv.permissions[0]}. */
		void validate(Errors errors) {
			if (blankToNull(this.streamId) == null) {
				reject(errors, "streamId", key(errors, "stream-id") + " is missing: give the id of the stream "
						+ "to request (or '*' for all streams)");
			}
			if (this.level == null) {
				reject(errors, "level", key(errors, "level") + " is missing: use one of "
						+ String.join(", ", AccessLevel.platformValues()));
			}
		}

		RequestedPermission toRequestedPermission() {
			return new RequestedPermission(this.streamId, blankToNull(this.defaultName), this.level);
		}

		@Override
		public String toString() {
			return new ToStringCreator(this).append("streamId", this.streamId)
				.append("defaultName", this.defaultName)
				.append("level", this.level)
				.toString();
		}

	}

	/**
	 * HTTP settings of the Pryv client. Unset values are Spring Boot's
	 * spring.http.clients.* ones.
	 */
	public static class Http {

		/**
		 * Connect timeout of Pryv calls. Unset means Spring Boot's
		 * spring.http.clients.connect-timeout.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Longest gap between two reads of an answer. Not a total deadline, so long
		 * event streams are safe.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * Retries of idempotent requests (service info, GETs, auth polls, downloads).
		 */
		private final Retry retry = new Retry();

		public Retry getRetry() {
			return this.retry;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		@Override
		public String toString() {
			return new ToStringCreator(this).append("connectTimeout", this.connectTimeout)
				.append("readTimeout", this.readTimeout)
				.append("retry", this.retry)
				.toString();
		}

	}

	/**
	 * Retries of idempotent requests: service info, GETs, auth request polls,
	 * attachment downloads and event streams before their first byte; on a
	 * connection error before the answer, HTTP 502, 503, 504 and 429. Writes
	 * (batch calls, creates, updates, deletes, uploads, logins) are never retried.
	 */
	public static class Retry {

		/**
		 * Most retries of one request; 0 turns retries off.
		 */
		private int maxRetries = RetryPolicy.DEFAULT.maxRetries();

		/**
		 * Wait before the first retry, doubled for each next one.
		 */
		private Duration firstBackoff = RetryPolicy.DEFAULT.firstBackoff();

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxBackoff = RetryPolicy.DEFAULT.maxBackoff();

		/**
		 * Random share of each wait, from 0 to 1.
		 */
		private double jitter = RetryPolicy.DEFAULT.jitter();

		/**
		 * Longest Retry-After of a 429 or 503 answer that is honoured; a longer one is
		 * cut to it.
		 */
		private Duration maxRetryAfter = RetryPolicy.DEFAULT.maxRetryAfter();

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getFirstBackoff() {
			return this.firstBackoff;
		}

		public void setFirstBackoff(Duration firstBackoff) {
			this.firstBackoff = firstBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		/** @return the client's policy for these settings */
		public RetryPolicy toPolicy() {
			return new RetryPolicy(this.maxRetries, this.firstBackoff, this.maxBackoff, this.jitter,
					this.maxRetryAfter);
		}

		void validate(Errors errors) {
			if (this.maxRetries < 0) {
				reject(errors, "maxRetries", key(errors, "max-retries") + " must be 0 (no retry) or more, not "
						+ this.maxRetries);
			}
			requirePositive(errors, "firstBackoff", this.firstBackoff);
			requirePositive(errors, "maxBackoff", this.maxBackoff);
			if (this.firstBackoff != null && this.maxBackoff != null && this.maxBackoff.compareTo(this.firstBackoff) < 0) {
				reject(errors, "maxBackoff", key(errors, "max-backoff") + " (" + this.maxBackoff
						+ ") must not be shorter than " + key(errors, "first-backoff") + " (" + this.firstBackoff + ")");
			}
			if (!(this.jitter >= 0 && this.jitter <= 1)) {
				reject(errors, "jitter", key(errors, "jitter") + " must be between 0 and 1 (e.g. 0.5), not " + this.jitter);
			}
			if (this.maxRetryAfter == null || this.maxRetryAfter.isNegative()) {
				reject(errors, "maxRetryAfter", key(errors, "max-retry-after") + " must be 0 or more (e.g. 10s), not "
						+ this.maxRetryAfter);
			}
		}

		@Override
		public String toString() {
			return new ToStringCreator(this).append("maxRetries", this.maxRetries)
				.append("firstBackoff", this.firstBackoff)
				.append("maxBackoff", this.maxBackoff)
				.append("jitter", this.jitter)
				.append("maxRetryAfter", this.maxRetryAfter)
				.toString();
		}

	}

	/**
	 * Batch call settings.
	 */
	public static class Batch {

		/**
		 * Largest number of calls one batch request carries.
		 */
		private int chunkSize = 1000;

		public int getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(int chunkSize) {
			this.chunkSize = chunkSize;
		}

		@Override
		public String toString() {
			return new ToStringCreator(this).append("chunkSize", this.chunkSize).toString();
		}

	}

	/**
	 * Auth request (consent flow) settings.
	 */
	public static class Auth {

		/**
		 * Shortest time between two polls of a request, whatever the platform asks.
		 */
		private Duration pollRateFloor = Duration.ofSeconds(1);

		/**
		 * How long a started request is polled before it is reported EXPIRED.
		 */
		private Duration expiry = Duration.ofHours(1);

		/**
		 * Device name of the accesses the flow creates.
		 */
		private @Nullable String deviceName;

		/**
		 * How long a granted access lives. Unset means the platform's default.
		 */
		private @Nullable Duration expireAfter;

		public Duration getPollRateFloor() {
			return this.pollRateFloor;
		}

		public void setPollRateFloor(Duration pollRateFloor) {
			this.pollRateFloor = pollRateFloor;
		}

		public Duration getExpiry() {
			return this.expiry;
		}

		public void setExpiry(Duration expiry) {
			this.expiry = expiry;
		}

		public @Nullable String getDeviceName() {
			return this.deviceName;
		}

		public void setDeviceName(@Nullable String deviceName) {
			this.deviceName = deviceName;
		}

		public @Nullable Duration getExpireAfter() {
			return this.expireAfter;
		}

		public void setExpireAfter(@Nullable Duration expireAfter) {
			this.expireAfter = expireAfter;
		}

		@Override
		public String toString() {
			return new ToStringCreator(this).append("pollRateFloor", this.pollRateFloor)
				.append("expiry", this.expiry)
				.append("deviceName", this.deviceName)
				.append("expireAfter", this.expireAfter)
				.toString();
		}

	}

	/**
	 * Live-data monitors (PryvMonitorFactory).
	 */
	public static class Monitor {

		/**
		 * How often a monitor asks what changed. With the socket, only while the
		 * socket is down.
		 */
		private Duration interval = Duration.ofSeconds(30);

		private final Socket socket = new Socket();

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Socket getSocket() {
			return this.socket;
		}

		@Override
		public String toString() {
			return new ToStringCreator(this).append("interval", this.interval)
				.append("socketEnabled", this.socket.enabled)
				.toString();
		}

		/**
		 * Monitors' Socket.IO socket.
		 */
		public static class Socket {

			/**
			 * Whether monitors update on the platform's change notifications over a
			 * Socket.IO socket (Reactor Netty's WebSocket client needed).
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

}
