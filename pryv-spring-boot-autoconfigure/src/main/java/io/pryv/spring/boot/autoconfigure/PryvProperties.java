package io.pryv.spring.boot.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.AuthRequest;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvAuthFlow;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.client.RequestedPermission;

/**
 * Configuration of the Pryv client ({@code pryv.*}). Every value is checked at
 * startup: a wrong one stops the application with a message that names the key
 * and says how to fix it.
 *
 * @param serviceInfo Service info fields merged over the fetched ones (or the
 * whole service info when pryv.service-info-url is empty), e.g. access
 * @param serviceInfoUrl The URL of the platform's service info; an empty value
 * means the service info is given entirely by pryv.service-info
 * @param appId The app id sent as requestingAppId in auth requests and as appId in logins
 * @param permissions The permissions requested by the auth request (consent flow): stream-id,
 * default-name and level (read, contribute, manage or create-only)
 * @param languageCode The language of the platform's consent page, e.g. en
 * @param returnUrl Where the consent page sends the browser back; must end with '?', '&' or '#'
 * @param clientData Free data sent with the auth request (shown or kept by the consent page)
 * @param referer The referer reported to the platform with auth requests
 * @param origin The Origin header of login calls (default: the origin of the platform's register URL)
 * @param apiEndpoint A fixed API endpoint (https://{token}@{host}/[{username}/]) for
 * server-to-server apps; when set, a PryvConnection bean is created for it
 * @param http HTTP settings of the Pryv client
 * @param batch Batch call settings
 * @param auth Auth request (consent flow) settings
 */
@ConfigurationProperties("pryv")
public record PryvProperties(@DefaultValue(PryvService.PRYV_LAB_SERVICE_INFO_URL) String serviceInfoUrl,
		Map<String, Object> serviceInfo, String appId, List<Permission> permissions, String languageCode,
		String returnUrl, Map<String, Object> clientData, String referer, String origin, String apiEndpoint,
		@DefaultValue Http http, @DefaultValue Batch batch, @DefaultValue Auth auth) {

	/**
	 * @throws IllegalArgumentException naming the first wrong key and its fix
	 */
	public PryvProperties {
		serviceInfo = (serviceInfo != null) ? serviceInfo : Map.of();
		permissions = (permissions != null) ? List.copyOf(permissions) : List.of();
		clientData = (clientData != null) ? clientData : Map.of();
		boolean noUrl = serviceInfoUrl == null || serviceInfoUrl.isBlank();
		if (noUrl && serviceInfo.isEmpty()) {
			throw new IllegalArgumentException("pryv.service-info-url is empty and pryv.service-info is not set: set "
					+ "pryv.service-info-url to your platform's service info URL (e.g. "
					+ PryvService.PRYV_LAB_SERVICE_INFO_URL + "), or give the whole service info in pryv.service-info");
		}
		if (!noUrl) {
			requireHttpUrl("pryv.service-info-url", serviceInfoUrl, "e.g. " + PryvService.PRYV_LAB_SERVICE_INFO_URL);
		}
		if (!permissions.isEmpty() && (appId == null || appId.isBlank())) {
			throw new IllegalArgumentException("pryv.permissions is set but pryv.app-id is not: set pryv.app-id to "
					+ "your app's id (sent as requestingAppId), e.g. pryv.app-id=my-app");
		}
		for (int i = 0; i < permissions.size(); i++) {
			permissions.get(i).validate("pryv.permissions[" + i + "]");
		}
		if (returnUrl != null && !returnUrl.isBlank()) {
			requireHttpUrl("pryv.return-url", returnUrl, "e.g. https://app.example/login/return?");
			if (!(returnUrl.endsWith("?") || returnUrl.endsWith("&") || returnUrl.endsWith("#"))) {
				throw new IllegalArgumentException("pryv.return-url '" + returnUrl + "' must end with '?', '&' or '#' "
						+ "because the platform appends its parameters to it: use '" + returnUrl + "?'");
			}
		}
		if (origin != null && !origin.isBlank()) {
			URI uri = requireHttpUrl("pryv.origin", origin, "e.g. https://app.example");
			if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null) {
				throw new IllegalArgumentException("pryv.origin '" + origin + "' must be an origin (scheme, host and "
						+ "port only, no path), e.g. " + uri.getScheme() + "://" + uri.getRawAuthority());
			}
		}
		if (apiEndpoint != null && !apiEndpoint.isBlank()) {
			try {
				ApiEndpoint.parse(apiEndpoint);
			}
			catch (PryvClientException ex) {
				throw new IllegalArgumentException("pryv.api-endpoint is malformed: " + ex.getMessage()
						+ " (e.g. https://{token}@{username}.pryv.me/)");
			}
		}
	}

	private static URI requireHttpUrl(String key, String value, String example) {
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(key + " '" + value + "' is not a valid URL (" + ex.getReason() + "): "
					+ "give an absolute http(s) URL, " + example);
		}
		if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
				|| uri.getHost() == null) {
			throw new IllegalArgumentException(key + " '" + value + "' is not an absolute http(s) URL: give one, "
					+ example);
		}
		if (uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException(key + " must not hold user-info (a name or token before '@'): " + example);
		}
		return uri;
	}

	static void requirePositive(String key, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(key + " must be a positive duration (e.g. 10s), not " + value);
		}
	}

	/** @return whether the auth request (consent flow) has an app id to start with */
	public boolean hasAuthRequest() {
		return this.appId != null && !this.appId.isBlank();
	}

	/**
	 * @return the default auth request these properties describe, or {@code null} without {@code pryv.app-id}
	 */
	public AuthRequest toAuthRequest() {
		if (!hasAuthRequest()) {
			return null;
		}
		List<RequestedPermission> requested = new ArrayList<>(this.permissions.size());
		this.permissions.forEach((permission) -> requested.add(permission.toRequestedPermission()));
		return new AuthRequest(this.appId, requested, blankToNull(this.languageCode), blankToNull(this.returnUrl),
				this.clientData, blankToNull(this.referer), blankToNull(this.auth.deviceName()),
				this.auth.expireAfter());
	}

	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * One permission requested by the auth request.
	 *
	 * @param streamId The stream's id, or {@code *} for all streams
	 * @param defaultName The name the platform gives the stream if it creates it
	 * @param level The access level: read, contribute, manage or create-only
	 */
	public record Permission(String streamId, String defaultName, String level) {

		void validate(String key) {
			if (this.streamId == null || this.streamId.isBlank()) {
				throw new IllegalArgumentException(key + ".stream-id is missing: give the id of the stream to "
						+ "request (or '*' for all streams)");
			}
			if (this.level == null || !RequestedPermission.LEVELS.contains(this.level)) {
				throw new IllegalArgumentException(key + ".level " + ((this.level == null) ? "is missing"
						: "'" + this.level + "' is not a Pryv access level") + ": use one of "
						+ String.join(", ", RequestedPermission.LEVELS));
			}
		}

		RequestedPermission toRequestedPermission() {
			return new RequestedPermission(this.streamId, blankToNull(this.defaultName), this.level);
		}

	}

	/**
	 * HTTP settings of the Pryv client (unset: Spring Boot's {@code spring.http.clients.*}).
	 *
	 * @param connectTimeout The connect timeout of Pryv calls (unset: Spring Boot's spring.http.clients.connect-timeout)
	 * @param readTimeout The longest gap between two reads of an answer (not a
	 * total deadline, so long event streams are safe)
	 */
	public record Http(Duration connectTimeout, Duration readTimeout) {

		/**
		 * @throws IllegalArgumentException if a timeout is not positive
		 */
		public Http {
			requirePositive("pryv.http.connect-timeout", connectTimeout);
			requirePositive("pryv.http.read-timeout", readTimeout);
		}

	}

	/**
	 * Batch call settings.
	 *
	 * @param chunkSize How many calls one batch request carries at most
	 */
	public record Batch(@DefaultValue("" + ReactivePryvConnection.DEFAULT_CHUNK_SIZE) int chunkSize) {

		/**
		 * @throws IllegalArgumentException if the chunk size is below 1
		 */
		public Batch {
			if (chunkSize < 1) {
				throw new IllegalArgumentException("pryv.batch.chunk-size must be at least 1, not " + chunkSize
						+ " (default " + ReactivePryvConnection.DEFAULT_CHUNK_SIZE + ")");
			}
		}

	}

	/**
	 * Auth request (consent flow) settings.
	 *
	 * @param pollRateFloor The shortest time between two polls of a request, whatever the platform asks
	 * @param expiry How long a started request is polled before it is reported EXPIRED
	 * @param deviceName The device name of the accesses the flow creates
	 * @param expireAfter How long a granted access lives (unset: the platform's default)
	 */
	public record Auth(@DefaultValue("1s") Duration pollRateFloor, @DefaultValue("1h") Duration expiry,
			String deviceName, Duration expireAfter) {

		/**
		 * @throws IllegalArgumentException if a duration is not positive
		 */
		public Auth {
			requirePositive("pryv.auth.poll-rate-floor", pollRateFloor);
			requirePositive("pryv.auth.expiry", expiry);
			requirePositive("pryv.auth.expire-after", expireAfter);
			pollRateFloor = (pollRateFloor != null) ? pollRateFloor : ReactivePryvAuthFlow.DEFAULT_POLL_RATE;
			expiry = (expiry != null) ? expiry : ReactivePryvAuthFlow.DEFAULT_EXPIRY;
		}

	}

}
