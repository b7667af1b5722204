package io.pryv.spring.boot.autoconfigure.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the server-side Pryv login ({@code pryv.security.*}).
 *
 * @param allowedServiceInfoUrls Other platforms (service info URLs) users may choose with the
 * pryvServiceInfoUrl parameter of the sign-in. Any other is refused.
 * @param logout Logout settings.
 */
@ConfigurationProperties("pryv.security")
public record PryvSecurityProperties(@DefaultValue List<String> allowedServiceInfoUrls, @DefaultValue Logout logout) {

	/**
	 * @throws IllegalArgumentException naming a URL that is not an absolute http(s) URL
	 */
	public PryvSecurityProperties {
		allowedServiceInfoUrls = (allowedServiceInfoUrls != null) ? List.copyOf(allowedServiceInfoUrls) : List.of();
		for (int i = 0; i < allowedServiceInfoUrls.size(); i++) {
			String url = allowedServiceInfoUrls.get(i).strip();
			if (!(url.startsWith("https://") || url.startsWith("http://")) || url.contains("@")) {
				throw new IllegalArgumentException("pryv.security.allowed-service-info-urls[" + i + "] '" + url
						+ "' is not an absolute http(s) URL without user-info: give a platform's service info URL, "
						+ "e.g. https://reg.pryv.me/service/info");
			}
		}
	}

	/**
	 * Logout settings.
	 *
	 * @param revoke Whether every logout also revokes the app's access on the platform (the token
	 * dies). When false, only logouts with the revoke parameter do.
	 * @param revokeParameter Logout request parameter that asks for revocation, e.g. a checkbox.
	 */
	public record Logout(@DefaultValue("false") boolean revoke, @DefaultValue("revoke") String revokeParameter) {
	}

}
