/** The slice of s3rver 3.7's API the tests use; the package ships no types. */
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    /** 0 picks a free port; `run()` reports which. */
    port?: number;
    silent?: boolean;
    /** Folder that holds the buckets and objects. */
    directory: string;
    configureBuckets?: { name: string }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
