package io.pryv.spring.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authorities of a user signed in with Pryv:
 * <ul>
 * <li>{@value #PRYV_USER} for every signed-in Pryv user;</li>
 * <li>one per granted stream permission, {@code PRYV_STREAM_<streamId>:<level>},
 * e.g. {@code PRYV_STREAM_diary:contribute} or {@code PRYV_STREAM_*:read};</li>
 * <li>one per feature permission, {@code PRYV_FEATURE_<feature>:<setting>},
 * e.g. {@code PRYV_FEATURE_selfRevoke:forbidden}.</li>
 * </ul>
 * For example {@code .requestMatchers("/diary/**").hasAuthority("PRYV_STREAM_diary:contribute")}.
 * Map them to others with {@link PryvLoginConfigurer#authoritiesMapper}.
 */
public final class PryvAuthorities {

	/** The authority every signed-in Pryv user has. */
	public static final String PRYV_USER = "ROLE_PRYV_USER";

	/** The prefix of stream permission authorities. */
	public static final String STREAM_PREFIX = "PRYV_STREAM_";

	/** The prefix of feature permission authorities. */
	public static final String FEATURE_PREFIX = "PRYV_FEATURE_";

	private PryvAuthorities() {
	}

	/**
	 * @param user a signed-in user
	 * @return {@value #PRYV_USER} and one authority per granted permission
	 */
	public static List<GrantedAuthority> of(PryvUser user) {
		List<GrantedAuthority> authorities = new ArrayList<>(user.permissions().size() + 1);
		authorities.add(new SimpleGrantedAuthority(PRYV_USER));
		user.permissions().forEach((permission) -> authorities.add(new SimpleGrantedAuthority(permission.authority())));
		return authorities;
	}

}
