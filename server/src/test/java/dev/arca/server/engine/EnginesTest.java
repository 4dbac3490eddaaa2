package dev.arca.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engines Wiring lists: each route under its engine's mount, one engine per mount. */
class EnginesTest {
    @Test
    void routesUnderTheirMounts_areServed() {
        var engines = new Engines(List.of(engine("transit", "/v1/vaults/{vault}/transit/<path>"),
                engine("pki", "/v1/vaults/{vault}/pki/issue")));
        assertThat(engines.routes()).extracting(Route::path)
                .containsExactly("/v1/vaults/{vault}/transit/<path>", "/v1/vaults/{vault}/pki/issue");
    }

    @Test
    void aRouteOutsideItsMount_isRefused() {
        assertThatThrownBy(() -> new Engines(List.of(engine("transit", "/v1/vaults/{vault}/secrets/<path>"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside its mount");
        assertThatThrownBy(() -> new Engines(List.of(engine("transit", "/v1/vaults/{vault}/transitive/x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoEnginesOnOneMount_areRefused() {
        assertThatThrownBy(() -> new Engines(List.of(engine("transit", "/v1/vaults/{vault}/transit/a"),
                engine("transit", "/v1/vaults/{vault}/transit/b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two engines");
    }

    private static Engine engine(String mount, String path) {
        Route route = Route.get(path).operation(mount + ".test").summary("test")
                .authenticated(Permission.READ, call -> Resource.global("test")).handle(call -> Reply.noContent());
        return new Engine() {
            @Override
            public String mount() {
                return mount;
            }

            @Override
            public List<Route> routes() {
                return List.of(route);
            }

            @Override
            public List<PeriodicJob> jobs() {
                return List.of();
            }
        };
    }
}
