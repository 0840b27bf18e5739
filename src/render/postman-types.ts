/** The subset of Postman Collection v2.1 / environment JSON that kontrak writes. */

export interface PostmanEvent {
  listen: 'prerequest' | 'test';
  script: { id?: string; type: 'text/javascript'; exec: string[] };
}

export interface PostmanUrl {
  raw: string;
  host: string[];
  path: string[];
  query?: Array<{ key: string; value: string }>;
}

export interface PostmanRequest {
  method: string;
  header: Array<{ key: string; value: string }>;
  url: PostmanUrl;
  body?:
    | { mode: 'raw'; raw: string; options: { raw: { language: 'json' } } }
    | { mode: 'urlencoded'; urlencoded: Array<{ key: string; value: string; type: 'text' }> };
  description?: string;
}

export interface PostmanItem {
  id: string;
  name: string;
  request: PostmanRequest;
  event?: PostmanEvent[];
  /** Postman's per-request settings; kontrak sets how redirects are followed. */
  protocolProfileBehavior?: {
    followRedirects: boolean;
    followOriginalHttpMethod?: boolean;
    followAuthorizationHeader?: boolean;
    maxRedirects?: number;
  };
}

export interface PostmanCollection {
  info: { _postman_id: string; name: string; description: string; schema: string };
  item: PostmanItem[];
  event?: PostmanEvent[];
  variable: Array<{ key: string; value: string; type: 'string'; description?: string }>;
}

export interface PostmanEnvironmentValue {
  key: string;
  value: string;
  type: 'default' | 'secret';
  enabled: boolean;
}

export interface PostmanEnvironment {
  id: string;
  name: string;
  values: PostmanEnvironmentValue[];
  _postman_variable_scope: 'environment';
}
