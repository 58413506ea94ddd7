// Node's @google-cloud/storage with no endpoint, credentials or project given: it calls
// storage.googleapis.com as Google's own code would. Prints the bucket names, one a line.
const { Storage } = require('@google-cloud/storage');

new Storage().getBuckets().then(
  ([buckets]) => buckets.forEach((b) => console.log(b.name)),
  (e) => {
    console.error(`getBuckets: ${e.message}`);
    process.exit(1);
  },
);
