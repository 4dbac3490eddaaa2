package dev.arca.server.database.plugin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.database.plugin.DatabaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;

class RedisPluginTest {
    @Test
    void address_hostAndPort_parsed() {
        assertThat(RedisPlugin.address("redis://127.0.0.1:6380")).isEqualTo(new HostAndPort("127.0.0.1", 6380));
        assertThat(RedisPlugin.address("redis://cache.internal")).isEqualTo(new HostAndPort("cache.internal", 6379));
        assertThat(RedisPlugin.address("redis://[::1]:7000/")).isEqualTo(new HostAndPort("::1", 7000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rediss://127.0.0.1:6379", "http://127.0.0.1:6379", "redis://root:pw@127.0.0.1:6379",
            "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379?ssl=true", "127.0.0.1:6379", "redis://", "redis:// x"})
    void address_notRedisHostPort_isInvalid(String url) {
        assertThatThrownBy(() -> RedisPlugin.address(url)).isInstanceOf(DatabaseException.Invalid.class)
                .message().doesNotContain("pw");
    }

    @Test
    void defaults_readOnlyOnEveryKey() {
        var plugin = new RedisPlugin();

        assertThat(plugin.name()).isEqualTo("redis");
        assertThat(plugin.defaults().creation()).containsExactly("~*", "+@read");
        assertThat(plugin.defaults().revocation()).isEmpty();
        assertThat(plugin.defaults().usernameTemplate()).contains("{{random");
    }
}
