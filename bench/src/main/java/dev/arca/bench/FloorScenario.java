package dev.arca.bench;

import java.net.http.HttpRequest;

/**
 * {@code floor}: {@code GET /hello} on a bare Javalin route ({@link FloorServer}) started in this JVM for the
 * scenario, driven as the other request scenarios are. It measures this machine's HTTP, not Arca, so it runs the
 * same with {@code --addr} (the floor is always local); every result's {@code ratio_to_floor} is taken to it.
 */
final class FloorScenario implements Scenario {
    @Override
    public String name() {
        return Scenarios.FLOOR;
    }

    @Override
    public String description() {
        return "GET " + FloorServer.PATH + " on a bare Javalin route in this JVM (the server's listener settings, "
                + "no Arca): HTTP itself";
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        String backend = fixture.target().backend();
        try (FloorServer floor = FloorServer.start()) {
            if (settings.load() == LoadDriver.WRK) {
                return WrkDriver.run(name(), backend, floor.address(), WrkRequests.get(FloorServer.PATH), settings);
            }
            try (BenchHttp http = new BenchHttp(floor.address())) {
                HttpRequest hello = http.request(FloorServer.PATH).GET().build();
                return LoadScenario.runJava(name(), backend, client -> http.send(hello), settings);
            }
        }
    }
}
