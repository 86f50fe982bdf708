export default {
  displayName: 'payout',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
